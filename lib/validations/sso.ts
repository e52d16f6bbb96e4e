import { z } from "zod";
import type { OperatorRole } from "@/lib/auth/permissions";

// Single sign-on's settings, shared by the owner's form and the server.

/**
 * Roles a first SSO sign-in may create an operator with. Never owner: owning
 * the console is given by an owner, not by whoever the provider vouches for.
 */
export const SSO_NEW_OPERATOR_ROLES = ["admin", "developer", "viewer", "scoped"] as const satisfies OperatorRole[];
export type SsoNewOperatorRole = (typeof SSO_NEW_OPERATOR_ROLES)[number];
/** What a first SSO sign-in does: "existing" admits only operators who already exist. */
export const SSO_NEW_OPERATORS = ["existing", ...SSO_NEW_OPERATOR_ROLES] as const;
export type SsoNewOperators = (typeof SSO_NEW_OPERATORS)[number];

export const MAX_ISSUER_CHARS = 500;

/** Why an SSO sign-in was refused (lib/auth/sso-flow.ts decides); the sign-in page words each (sso.refusals in the catalogs). */
export const SSO_REFUSALS = [
  "not-configured",
  "throttled",
  "unavailable",
  "expired",
  "provider-denied",
  "invalid-response",
  "unverified-email",
  "domain-not-allowed",
  "unknown-operator",
  "disabled-operator",
] as const;
export type SsoRefusal = (typeof SSO_REFUSALS)[number];
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/**
 * Why this issuer URL is refused, or null. https, because discovery, the
 * provider's keys and the tokens travel over it; http only where the
 * environment allows it (TESSERA_SSO_ALLOW_HTTP_ISSUER, development and
 * tests). No query or fragment (OpenID Connect Discovery forbids them) and no
 * credentials.
 */
export function issuerUrlProblem(text: string, allowHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "Enter the issuer's full URL, such as https://accounts.example.com.";
  }
  if (url.protocol === "http:" && !allowHttp)
    return "The issuer URL must start with https:// (set TESSERA_SSO_ALLOW_HTTP_ISSUER=1 to allow http:// in development).";
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The issuer URL must start with https://.";
  if (url.username || url.password) return "Put no user name or password in the issuer URL.";
  if (url.search || url.hash || text.includes("?") || text.includes("#"))
    return "The issuer URL has no query (?) or fragment (#).";
  return null;
}

/** Email domains separated by commas, spaces or lines; "@example.com" and "Example.COM" mean example.com. */
export const allowedDomainsSchema = z
  .string()
  .max(4000, "List at most 4000 characters of domains.")
  .transform((text) => [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((domain) => domain.replace(/^@/, "").toLowerCase())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(z.string().regex(DOMAIN, "Enter email domains such as example.com, separated by commas."))
      .min(1, "List at least one email domain whose operators may sign in with SSO."),
  );

export const ssoConfigSchema = z.object({
  issuer: z.string().trim().min(1, "Enter the issuer URL.").max(MAX_ISSUER_CHARS, "Use at most 500 characters."),
  clientId: z.string().trim().min(1, "Enter the client ID.").max(500, "Use at most 500 characters."),
  /** A new client secret; empty keeps the one set before. */
  clientSecret: z.string().max(1000, "Use at most 1000 characters.").default(""),
  allowedDomains: allowedDomainsSchema,
  newOperators: z.enum(SSO_NEW_OPERATORS, { error: "Choose what a first SSO sign-in does." }),
});
export type SsoConfigInput = z.infer<typeof ssoConfigSchema>;

export const passwordSignInSchema = z.object({ ownersOnly: z.boolean() });
