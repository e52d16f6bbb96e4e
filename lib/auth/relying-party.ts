import "server-only";
import { env } from "@/lib/env";

/**
 * Who the console is to WebAuthn: its public URL (NEXTAUTH_URL, by default
 * http://localhost:3000 as for next-auth) gives the one origin a ceremony
 * may come from and the relying party ID (its host name) a passkey is bound
 * to. Never the request's Host header, which a client writes. WebAuthn
 * refuses IP addresses as relying party IDs, so passkeys need a host name.
 */
export function relyingParty(): { id: string; origin: string; name: string } {
  const url = new URL(env().NEXTAUTH_URL || "http://localhost:3000");
  return { id: url.hostname, origin: url.origin, name: "Tessera" };
}
