import "server-only";
import { throttleClient } from "@/lib/client-ip";
import {
  countAttempts,
  countLocally,
  localRetryAfter,
  type ThrottlePolicy,
  type ThrottleRule,
} from "@/lib/data/throttle";
import { prepareCheck, type TicketCheck } from "@/lib/data/ticket-check";
import { countThrottled } from "@/lib/metrics/registry";

// One attempt to authenticate with a UserSig (app-user login, App Server
// admin identity), throttled by three counts of failures:
// - per client address (strict): refused before any verification;
// - per client and UserID (strict): refused before any verification, so
//   concurrent guesses from one client verify at most `limit` tickets;
// - per UserID (loose, across clients): only its failures are answered
//   "throttled", a valid UserSig still passes, so an attacker elsewhere can
//   never lock the owner of a UserID out.
// The checks, the (synchronous) verification and the count of a failure run
// in one turn of the event loop, so within a process no concurrent attempt
// slips past the count; across processes the shared database count applies
// (at most `limit` more per process in the worst case).

export const ATTEMPT_POLICIES = {
  client: { limit: 30, windowSeconds: 60, blockSeconds: 60 },
  pair: { limit: 10, windowSeconds: 60, blockSeconds: 60 },
  userId: { limit: 100, windowSeconds: 60, blockSeconds: 60 },
} as const satisfies Record<string, ThrottlePolicy>;

export type AttemptScope = "login" | "admin";

/**
 * `refused`: nothing was verified, retry after `retryAfter` seconds. Else the
 * check's outcome; a failure with `retryAfter` > 0 is to be answered
 * "throttled" (the UserID's failures are over its limit).
 */
export type Attempt =
  | { refused: true; retryAfter: number }
  | { refused: false; retryAfter: number; appStatus: string | null; adminSince: Date | null; check: TicketCheck };

export function attemptRules(
  scope: AttemptScope,
  ip: string,
  sdkAppId: number,
  userId: string,
): Record<keyof typeof ATTEMPT_POLICIES, ThrottleRule> {
  const client = throttleClient(ip);
  return {
    client: { key: `${scope}:ip:${client}`, policy: ATTEMPT_POLICIES.client },
    pair: { key: `${scope}:pair:${sdkAppId}:${userId}:${client}`, policy: ATTEMPT_POLICIES.pair },
    userId: { key: `${scope}:user:${sdkAppId}:${userId}`, policy: ATTEMPT_POLICIES.userId },
  };
}

/** Checks `ticket` for a UserID the caller has validated. */
export async function attemptTicket(input: {
  scope: AttemptScope;
  ip: string;
  sdkAppId: number;
  userId: string;
  ticket: string;
}): Promise<Attempt> {
  const rules = attemptRules(input.scope, input.ip, input.sdkAppId, input.userId);
  const all = Object.values(rules);
  const prepared = await prepareCheck({
    sdkAppId: input.sdkAppId,
    userId: input.userId,
    ticket: input.ticket,
    throttleKeys: all.map((rule) => rule.key),
  });
  const wait = (rule: ThrottleRule) => Math.max(prepared.blocked.get(rule.key) ?? 0, localRetryAfter(rule.key));
  const strict = Math.max(wait(rules.client), wait(rules.pair));
  if (strict > 0) {
    countThrottled(`${input.scope}:client`);
    return { refused: true, retryAfter: strict };
  }

  const check = prepared.check();
  const { appStatus, adminSince } = prepared;
  if (check.ok) return { refused: false, retryAfter: 0, appStatus, adminSince, check };
  const userIdWait = wait(rules.userId);
  if (userIdWait > 0) countThrottled(`${input.scope}:userId`);
  for (const rule of all) countLocally(rule);
  await countAttempts(all);
  return { refused: false, retryAfter: userIdWait, appStatus, adminSince, check };
}
