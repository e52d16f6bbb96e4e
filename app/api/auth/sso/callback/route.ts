import { ssoRedirect } from "@/lib/auth/sso-route";
import { finishSsoSignIn } from "@/lib/auth/sso-flow";

export function GET(request: Request) {
  return ssoRedirect(request, (ip) => finishSsoSignIn(new URL(request.url), ip));
}
