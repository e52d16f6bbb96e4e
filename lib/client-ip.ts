import "server-only";
import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";

/**
 * The client's address, for throttling and the audit trail, from the
 * X-Forwarded-For header value. Tessera's server (lib/server/http-server.ts)
 * appends the socket's address to that header on every request before any
 * route, its own or Next's, sees it, so its last entry is always the machine
 * that connected, whatever the client wrote. With no proxy configured that is
 * the client. Behind TESSERA_TRUSTED_PROXY_HOPS proxies, each appending the
 * address it saw, the client is that many entries further left; entries left
 * of it were written by the client and are never trusted.
 */
export function clientIp(forwardedFor: string | null | undefined): string {
  if (!(globalThis as Record<symbol, unknown>)[PEER_ADDRESS_MARK]) {
    throw new Error(
      "Tessera's server is not running in this process: start it with `npm start` (lib/server/main.ts), not `next start`.",
    );
  }
  const entries = (forwardedFor ?? "").split(",").map((entry) => entry.trim());
  const ip = entries[Math.max(0, entries.length - 1 - env().TESSERA_TRUSTED_PROXY_HOPS)];
  return ip ? ip.slice(0, 64) : "unknown";
}

/** Set by the server once it appends the socket's address to every request's X-Forwarded-For. */
export const PEER_ADDRESS_MARK = Symbol.for("tessera.peer-address");

/** The header value with the socket's address appended, as the server passes it on. */
export function withPeerAddress(
  forwardedFor: string | string[] | undefined,
  socketAddress: string | undefined,
): string {
  // An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d; the audit and throttles use a.b.c.d.
  const peer = (socketAddress ?? "unknown").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  const sent = Array.isArray(forwardedFor) ? forwardedFor.join(", ") : forwardedFor;
  return sent ? `${sent}, ${peer}` : peer;
}

/**
 * What a throttle counts a client as: its IPv4 address, or its IPv6 /64.
 * One subscriber is routed a whole /64 (RFC 6177), so counting single IPv6
 * addresses would give one client 2^64 fresh counters. The audit trail keeps
 * the full address.
 */
export function throttleClient(ip: string): string {
  if (!ipaddr.IPv6.isValid(ip)) return ip;
  const address = ipaddr.IPv6.parse(ip);
  if (address.isIPv4MappedAddress()) return address.toIPv4Address().toString();
  return `${new ipaddr.IPv6([...address.parts.slice(0, 4), 0, 0, 0, 0]).toString()}/64`;
}
