import "server-only";
import { env } from "@/lib/env";

// Whether a request to a console route came from the console's own pages by
// script, as a route that answers with a secret requires. A cross-site page
// can make a signed-in browser send a simple POST (a form, or fetch with
// text/plain), cookies included; it cannot send application/json without a
// CORS preflight, which Tessera never grants. And the browser says where a
// request comes from: Sec-Fetch-Site (every current browser, over https and
// on localhost), else Origin, which browsers send with every POST.

export type OriginPolicy = {
  /** TESSERA_TRUSTED_PROXY_HOPS: with a proxy in front, the host the browser used is its X-Forwarded-Host. */
  trustedProxyHops: number;
  /** NEXTAUTH_URL, the console's public URL, whose origin is the console's whatever Host a proxy sends. */
  publicUrl?: string;
};

/** Why the request is not a same-origin JSON request, or null when it is one. */
export function crossOriginProblem(headers: Headers, policy: OriginPolicy): string | null {
  const mediaType = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") return "the request is not JSON";
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" ? null : `it came from another site (Sec-Fetch-Site: ${site})`;
  const origin = headers.get("origin");
  // "null" is what a sandboxed frame, a data: URL or a file sends.
  if (origin === null || origin === "null") return "it does not say where it came from (no Origin)";
  const host = parseHost(origin);
  if (host !== null && (host === requestHost(headers, policy) || origin === publicOrigin(policy.publicUrl)))
    return null;
  return "it came from another origin";
}

/** The request's problem under the environment's proxy and public URL settings. */
export function crossOriginRequestProblem(headers: Headers): string | null {
  const { TESSERA_TRUSTED_PROXY_HOPS, NEXTAUTH_URL } = env();
  return crossOriginProblem(headers, { trustedProxyHops: TESSERA_TRUSTED_PROXY_HOPS, publicUrl: NEXTAUTH_URL });
}

/** The host (and port) the browser addressed: the trusted proxy's X-Forwarded-Host, else Host. */
function requestHost(headers: Headers, policy: OriginPolicy): string | null {
  const forwarded = headers.get("x-forwarded-host")?.split(",").at(-1)?.trim();
  const host = policy.trustedProxyHops > 0 && forwarded ? forwarded : headers.get("host");
  return host ? host.toLowerCase() : null;
}

function parseHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function publicOrigin(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}
