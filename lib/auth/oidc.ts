import "server-only";
import * as oidc from "openid-client";
import type { SsoClient } from "@/lib/data/sso-config";
import { env } from "@/lib/env";
import type { SsoChecks } from "@/lib/data/sso-requests";

// The OpenID Connect relying party, all of it done by openid-client:
// discovery, the authorization code flow with PKCE, state and nonce, and
// every ID token check (issuer, audience, expiry, nonce, and, with
// non-repudiation checks on, the signature against the provider's JWKS,
// which openid-client would otherwise leave to TLS). Nothing here parses a
// token by hand.

/** Where the provider sends the browser back; the owner registers it at the provider. Null until NEXTAUTH_URL is set. */
export function ssoRedirectUri(): string | null {
  const base = env().NEXTAUTH_URL;
  return base ? new URL("/api/auth/sso/callback", base).toString() : null;
}

/** Discovery failed: the provider is unreachable, or its metadata is not for this issuer. */
export class ProviderUnavailableError extends Error {
  constructor(readonly cause: unknown) {
    super("The identity provider's metadata could not be fetched.");
  }
}

/** Discovers the provider (each sign-in, so a rotated key or moved endpoint is picked up). */
async function configure(client: SsoClient): Promise<oidc.Configuration> {
  const execute = [oidc.enableNonRepudiationChecks];
  if (env().TESSERA_SSO_ALLOW_HTTP_ISSUER) execute.push(oidc.allowInsecureRequests);
  try {
    return await oidc.discovery(
      new URL(client.issuer),
      client.clientId,
      undefined,
      oidc.ClientSecretBasic(client.clientSecret),
      { execute, timeout: 10 },
    );
  } catch (error) {
    throw new ProviderUnavailableError(error);
  }
}

/** The provider's authorization URL for a new sign-in, and what the callback must check it against. */
export async function beginAuthorization(
  client: SsoClient,
  redirectUri: string,
): Promise<{ url: URL; state: string; checks: SsoChecks }> {
  const config = await configure(client);
  const checks = { nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid email",
    code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce: checks.nonce,
  });
  return { url, state, checks };
}

export type VerifiedIdentity = { email: string | null; emailVerified: boolean };

/**
 * Exchanges the callback's code for tokens and returns what the validated
 * ID token says. Throws on anything the provider or openid-client refused
 * (see refusalDetail).
 */
export async function completeAuthorization(
  client: SsoClient,
  callbackUrl: URL,
  state: string,
  checks: SsoChecks,
): Promise<VerifiedIdentity> {
  const config = await configure(client);
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    expectedState: state,
    expectedNonce: checks.nonce,
    pkceCodeVerifier: checks.codeVerifier,
    idTokenExpected: true,
  });
  const claims = tokens.claims()!;
  return {
    email: typeof claims.email === "string" ? claims.email : null,
    emailVerified: claims.email_verified === true,
  };
}

/** Whether the provider itself answered the authorization request with an error (the person cancelled, for one). */
export const isProviderRefusal = (error: unknown) => error instanceof oidc.AuthorizationResponseError;

/**
 * A short, token-free account of why the exchange failed, for the audit row:
 * openid-client's error code (such as OAUTH_INVALID_RESPONSE), the
 * provider's OAuth error code, and the innermost message, which openid-client
 * writes as fixed text ("JWT signature verification failed"). Kept only if
 * they look like that: no dots, slashes or long runs, so no token or secret
 * quoted from the provider can pass.
 */
export function refusalDetail(error: unknown): string {
  let innermost = error;
  while (innermost instanceof Error && innermost.cause instanceof Error) innermost = innermost.cause;
  const parts = [
    (error as { code?: unknown })?.code,
    (error as { error?: unknown })?.error,
    innermost instanceof Error ? innermost.message : undefined,
  ];
  const safe = parts.filter((part): part is string => typeof part === "string" && /^[\w\s"'()-]{1,120}$/.test(part));
  return safe.join(": ") || (error instanceof Error ? error.name : "unknown");
}
