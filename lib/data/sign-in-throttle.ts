import "server-only";
import { RateLimitError } from "@/lib/errors";
import type { ThrottlePolicy } from "@/lib/data/throttle";

// The limits every sign-in secret shares: passwords and second-factor codes
// are counted alike, before they are checked. Per (subject, client) the
// limit is strict; per client it covers guessing across accounts; per
// account it is loose and never applies to a client that signed in to that
// account in the last 30 days, so an attacker elsewhere cannot lock the
// owner out.
export const STRICT: ThrottlePolicy = { limit: 5, windowSeconds: 900, blockSeconds: 900 };
export const PER_CLIENT: ThrottlePolicy = { limit: 20, windowSeconds: 900, blockSeconds: 900 };
export const PER_ACCOUNT: ThrottlePolicy = { limit: 100, windowSeconds: 900, blockSeconds: 900 };
export const KNOWN_CLIENT_SECONDS = 30 * 86_400;

export const tooMany = (message: string, wait: number) =>
  new RateLimitError(`${message} Try again in ${Math.ceil(wait / 60)} minute(s).`, wait);
