import "server-only";
import { env } from "@/lib/env";

/**
 * The client's address, for throttling and the audit trail, from the
 * X-Forwarded-For header value. `next start` sets that header to the socket
 * address only when the request has none. Behind a trusted proxy
 * (TESSERA_TRUST_PROXY=1) the first entry is the client the proxy saw;
 * without one the last entry is used, which is the real address unless the
 * client wrote the header itself. So per-client throttling is only as strong
 * as the proxy in front; per-account and per-UserID throttling do not depend on it.
 */
export function clientIp(forwardedFor: string | null | undefined): string {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const ip = env().TESSERA_TRUST_PROXY === "1" ? entries[0] : entries.at(-1);
  return (ip ?? "unknown").slice(0, 64);
}
