import "server-only";
import { createHash } from "node:crypto";

// The issued-ticket ledger recognises a ticket by the SHA-256 of its TLS.sig,
// never by the ticket itself: issuing records it, revocations and sessions
// name tickets by it, and a check computes it to find a revocation.
export const sigHash = (sig: string) => createHash("sha256").update(sig).digest("hex");
