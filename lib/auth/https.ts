import "server-only";
import { env } from "@/lib/env";
import { isHttpsUrl } from "@/lib/security-headers";

/**
 * Whether the console is served over HTTPS: NEXTAUTH_URL says so, or the
 * trusted proxy in front does (X-Forwarded-Proto, honoured only when
 * TESSERA_TRUSTED_PROXY_HOPS says a proxy is there). Then session cookies
 * are Secure and carry the __Secure- / __Host- prefixes, and pages carry HSTS.
 */
export function servedOverHttps(forwardedProto: string | string[] | null | undefined): boolean {
  if (isHttpsUrl(env().NEXTAUTH_URL)) return true;
  const proto = [forwardedProto ?? ""].flat().join(",").split(",").at(-1)?.trim();
  return env().TESSERA_TRUSTED_PROXY_HOPS > 0 && proto === "https";
}
