import { ssoRedirect } from "@/lib/auth/sso-route";
import { startSsoSignIn } from "@/lib/auth/sso-flow";

export function GET(request: Request) {
  return ssoRedirect(request, startSsoSignIn);
}
