import "server-only";
import { env } from "@/lib/env";

/**
 * The client's address, for throttling and the audit trail, from the
 * X-Forwarded-For header value. The server preload (started with
 * `npm start`) appends the socket's address to that header on every request,
 * so its last entry is always the machine that connected, whatever the
 * client wrote. With no proxy configured that is the client. Behind
 * TESSERA_TRUSTED_PROXY_HOPS proxies, each appending the address it saw,
 * the client is that many entries further left; entries left of it were
 * written by the client and are never trusted.
 */
export function clientIp(forwardedFor: string | null | undefined): string {
  if (!(globalThis as Record<symbol, unknown>)[Symbol.for("tessera.peer-address")]) {
    throw new Error(
      "The server preload is missing: start Tessera with `npm start` (it runs next start with NODE_OPTIONS=--require ./lib/server-preload.cjs).",
    );
  }
  const entries = (forwardedFor ?? "").split(",").map((entry) => entry.trim());
  const ip = entries[Math.max(0, entries.length - 1 - env().TESSERA_TRUSTED_PROXY_HOPS)];
  return ip ? ip.slice(0, 64) : "unknown";
}
