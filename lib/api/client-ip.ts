import "server-only";
import { env } from "@/lib/env";

// `next start` fills X-Forwarded-For with the socket address only when the
// request has none. Behind a trusted proxy (TESSERA_TRUST_PROXY=1) the first
// entry is the client the proxy saw; without one the last entry is used, which
// a client talking to Tessera directly can set itself, so per-IP throttling is
// only as strong as the proxy in front (per-UserID throttling does not depend on it).
export function clientIp(request: Request): string {
  const entries = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const ip = env().TESSERA_TRUST_PROXY === "1" ? entries[0] : entries.at(-1);
  return (ip ?? "unknown").slice(0, 64);
}
