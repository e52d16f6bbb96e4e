import "server-only";
import { timingSafeEqual } from "node:crypto";
import { describe } from "@/lib/auth/credentials";
import {
  beginAuthorization,
  completeAuthorization,
  isProviderRefusal,
  ProviderUnavailableError,
  refusalDetail,
  ssoRedirectUri,
} from "@/lib/auth/oidc";
import { setPendingCookie } from "@/lib/auth/pending-cookie";
import { signInCookie } from "@/lib/auth/sign-in-cookie";
import { createPendingSignIn } from "@/lib/data/pending-sign-ins";
import { auditRejected } from "@/lib/data/rejections";
import { loadSsoClient, type SsoClient } from "@/lib/data/sso-config";
import { admitSsoOperator } from "@/lib/data/sso-operators";
import { consumeSsoRequest, saveSsoRequest } from "@/lib/data/sso-requests";
import { countAttempts } from "@/lib/data/throttle";
import { MAX_EMAIL_CHARS } from "@/lib/validations/limits";
import type { SsoRefusal } from "@/lib/validations/sso";

// Single sign-on, from "Sign in with SSO" to a console session:
//
// 1. GET /api/auth/sso/start: discovery, then a new state, nonce and PKCE
//    verifier. The nonce and verifier stay on the server under the state's
//    hash (lib/data/sso-requests.ts); the state goes to the provider in the
//    redirect and into an HttpOnly cookie, which ties the callback to the
//    browser that started it (no one can sign you in as them by sending you
//    their callback link). The cookie is SameSite=Lax: the provider's
//    redirect back is a cross-site navigation, which a Strict cookie misses.
// 2. GET /api/auth/sso/callback: the state must be the cookie's and is spent
//    (deleted), so a replayed state is refused; openid-client exchanges the
//    code and validates the ID token (lib/auth/oidc.ts); the email must be
//    verified and in an allowed domain; the operator must exist and be
//    enabled, or is created with the role the owner chose.
// 3. The callback then does what a password sign-in does when a step is
//    still owed: it makes a pending sign-in (purpose "sso", single-use, ten
//    minutes) in the pending cookie and sends the browser to /sign-in/sso,
//    whose page exchanges it through next-auth's "pending" credentials
//    provider. So next-auth makes the console session exactly as for a
//    password (the JWT, the console session row, sessionVersion), and there
//    is one way a session starts. (next-auth's own OAuth provider would
//    bring a second session path that knows nothing of operators, their
//    disabled flag or the pending sign-in.)
//
// The second factor: an SSO sign-in does not ask for Tessera's. The owner
// chose to trust the provider with who the person is, and the provider's
// own policy decides how they prove it (its MFA); asking again would make
// every SSO operator enrol an authenticator for Tessera alone. An owner who
// wants Tessera's factor on top keeps password sign-in, where the policy
// applies as before. SSO sessions carry method "sso", so getSession does
// not end them for owing that factor.

const stateCookie = signInCookie("sso-state", "lax");

/** Starts per client address: each writes a row and makes Tessera fetch the provider's metadata. */
const STARTS = { limit: 30, windowSeconds: 600, blockSeconds: 600 };

const SIGN_IN_PAGE = "/sign-in/sso";
const refusedPage = (reason: SsoRefusal) => `${SIGN_IN_PAGE}?error=${reason}`;

/** Audits a refused SSO sign-in (the reason and a token-free detail only) and names the page that explains it. */
async function refuse(reason: SsoRefusal, ip: string, email?: string, detail?: string): Promise<string> {
  await auditRejected({
    actor: { type: "anonymous", id: email ?? "sso", ip },
    action: "operator.sso-refuse",
    target: email,
    details: { reason, ...(detail && { detail }) },
  });
  return refusedPage(reason);
}

/** The client configuration, or why SSO cannot be used now. */
async function client(ip: string): Promise<{ client: SsoClient; redirectUri: string } | { refused: string }> {
  let loaded: SsoClient | null;
  try {
    loaded = await loadSsoClient();
  } catch (error) {
    // The master keys cannot decrypt the client secret: the log says which, the visitor that SSO is unavailable.
    console.error(`SSO sign-in failed: ${describe(error)}`);
    return { refused: await refuse("unavailable", ip, undefined, "client secret unreadable") };
  }
  if (!loaded) return { refused: await refuse("not-configured", ip) };
  const redirectUri = ssoRedirectUri();
  if (!redirectUri) {
    console.error("SSO sign-in failed: NEXTAUTH_URL is not set, and the SSO redirect URI derives from it.");
    return { refused: await refuse("unavailable", ip, undefined, "NEXTAUTH_URL not set") };
  }
  return { client: loaded, redirectUri };
}

/** The provider could not be reached or discovered: logged for the operator, audited, and the visitor told. */
function unavailable(error: unknown, ip: string): Promise<string> {
  const cause = error instanceof ProviderUnavailableError ? error.cause : error;
  console.error(`SSO discovery failed: ${describe(cause)}`);
  return refuse("unavailable", ip, undefined, refusalDetail(cause));
}

/** Step 1: where to send the browser, the provider's authorization URL or a page that says why not. */
export async function startSsoSignIn(ip: string): Promise<string> {
  const [wait] = await countAttempts([{ key: `sso:start:${ip}`, policy: STARTS }]);
  if (wait! > 0) return refuse("throttled", ip);
  const found = await client(ip);
  if ("refused" in found) return found.refused;
  let begun: Awaited<ReturnType<typeof beginAuthorization>>;
  try {
    begun = await beginAuthorization(found.client, found.redirectUri);
  } catch (error) {
    return unavailable(error, ip);
  }
  await saveSsoRequest(begun.state, begun.checks);
  await stateCookie.set(begun.state);
  return begun.url.href;
}

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

/** Steps 2 and 3: the provider's redirect back, checked; where to send the browser next. */
export async function finishSsoSignIn(requestUrl: URL, ip: string): Promise<string> {
  const state = requestUrl.searchParams.get("state") ?? "";
  const cookieState = await stateCookie.read();
  await stateCookie.clear();
  if (!state || !cookieState || !sameText(state, cookieState))
    return refuse("expired", ip, undefined, cookieState ? "state differs from the cookie's" : "no state cookie");
  const checks = await consumeSsoRequest(state);
  if (!checks) return refuse("expired", ip, undefined, "state unknown, expired or already used");
  const found = await client(ip);
  if ("refused" in found) return found.refused;
  // The provider checks the redirect URI against the one registered, so it is the public one, whatever Host this request came in with.
  const callbackUrl = new URL(found.redirectUri);
  callbackUrl.search = requestUrl.search;
  let identity: Awaited<ReturnType<typeof completeAuthorization>>;
  try {
    identity = await completeAuthorization(found.client, callbackUrl, state, checks);
  } catch (error) {
    if (error instanceof ProviderUnavailableError) return unavailable(error, ip);
    return refuse(
      isProviderRefusal(error) ? "provider-denied" : "invalid-response",
      ip,
      undefined,
      refusalDetail(error),
    );
  }
  const email = identity.email?.trim().toLowerCase();
  if (!email) return refuse("unverified-email", ip, undefined, "no email claim");
  if (email.length > MAX_EMAIL_CHARS || !email.includes("@"))
    return refuse("invalid-response", ip, undefined, "email claim is not an address");
  if (!identity.emailVerified) return refuse("unverified-email", ip, email, "email_verified is not true");
  if (!found.client.allowedDomains.includes(email.slice(email.lastIndexOf("@") + 1)))
    return refuse("domain-not-allowed", ip, email);
  const admission = await admitSsoOperator(email, found.client.newOperatorRole, ip);
  if ("refused" in admission) return refuse(admission.refused, ip, email);
  await setPendingCookie(await createPendingSignIn(admission.operator, "sso"));
  return SIGN_IN_PAGE;
}
