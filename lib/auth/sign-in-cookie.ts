import "server-only";
import { cookies, headers } from "next/headers";
import { servedOverHttps } from "@/lib/auth/https";

// The short-lived cookies of a sign-in under way (the pending sign-in, the
// SSO state): HttpOnly, so page scripts cannot read them; Secure with the
// __Host- prefix over https, so no other host or path can set them.

const MAX_AGE_SECONDS = 10 * 60;

/** One such cookie: `sameSite` is Strict unless a cross-site redirect must bring it back (the provider's callback). */
export function signInCookie(name: string, sameSite: "strict" | "lax") {
  const secure = async () => servedOverHttps((await headers()).get("x-forwarded-proto"));
  const cookieName = async () => ((await secure()) ? `__Host-tessera.${name}` : `tessera.${name}`);
  return {
    async set(value: string): Promise<void> {
      (await cookies()).set(await cookieName(), value, {
        httpOnly: true,
        sameSite,
        secure: await secure(),
        path: "/",
        maxAge: MAX_AGE_SECONDS,
      });
    },
    async read(): Promise<string | undefined> {
      return (await cookies()).get(await cookieName())?.value;
    },
    async clear(): Promise<void> {
      (await cookies()).delete(await cookieName());
    },
  };
}
