import "server-only";
import { describe } from "@/lib/auth/credentials";
import { clientIp } from "@/lib/client-ip";

/**
 * The SSO route handlers' one shape: run a step of lib/auth/sso-flow.ts and
 * redirect where it says. Anything unexpected (the database is down) is
 * logged and sent to the sign-in page's "not available" message, never a 500.
 */
export async function ssoRedirect(request: Request, step: (ip: string) => Promise<string>): Promise<Response> {
  let location: string;
  try {
    location = await step(clientIp(request.headers.get("x-forwarded-for")));
  } catch (error) {
    console.error(`SSO sign-in failed: ${describe(error)}`);
    location = "/sign-in/sso?error=unavailable";
  }
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}
