import "server-only";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { ValidationError } from "@/lib/errors";

// Refuses guessable passwords with zxcvbn-ts and its common-password, name
// and keyboard-pattern dictionaries: score 3 ("safely unguessable: moderate
// protection from offline slow-hash scenario") or better is required. The
// operator's email, and its parts, count as known words.

const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator;
}

/** The reason a password is refused, or null when it is strong enough. */
export function passwordWeakness(password: string, email: string): string | null {
  const address = email.trim().toLowerCase();
  const local = address.split("@")[0] ?? "";
  const lowered = password.trim().toLowerCase();
  if (lowered === address || (local.length >= 4 && lowered.includes(local)))
    return "Do not use your email address in your password.";
  const userInputs = [address, ...address.split(/[@.+_-]/).filter((part) => part.length >= 3)];
  // The estimator's cost grows with the length; what it judges is settled long before 200 characters.
  if (zxcvbn().check(password.slice(0, 200), userInputs).score >= MIN_SCORE) return null;
  return "This password is too easy to guess (a common password, a name, a date or a keyboard pattern). Use a longer phrase of unrelated words.";
}

export function assertStrongPassword(password: string, email: string, field = "password"): void {
  const weakness = passwordWeakness(password, email);
  if (weakness) throw new ValidationError(weakness, { [field]: weakness });
}
