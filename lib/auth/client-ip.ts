import "server-only";
import { env } from "@/lib/env";

/**
 * The client's address for throttling and audit. Forwarded headers are
 * trusted only behind a reverse proxy that sets them (TESSERA_TRUST_PROXY=1);
 * otherwise a client could name any address, so it is "local".
 */
export function clientIp(header: (name: string) => string | null): string {
  if (env().TESSERA_TRUST_PROXY === "1") {
    const forwarded = header("x-forwarded-for")?.split(",")[0]?.trim() || header("x-real-ip");
    if (forwarded) return forwarded;
  }
  return "local";
}
