import "server-only";
import { type Actor } from "@/lib/data/audit";
import { createSession } from "@/lib/data/sessions";
import { recordFailure, type ThrottlePolicy } from "@/lib/data/throttle";
import { auditRejected, prepareCheck } from "@/lib/data/tickets";
import { validateUserId } from "@/lib/usersig";

// App-user login. Throttling never stands between a user and a good UserSig:
// a client IP with too many failures is refused before any verification, but
// a UserID under attack still logs in with a valid signature; only its failed
// attempts are answered with 70050 (hiding which check failed).

export const IP_POLICY: ThrottlePolicy = { limit: 30, windowSeconds: 60, blockSeconds: 60 };
export const USER_POLICY: ThrottlePolicy = { limit: 10, windowSeconds: 60, blockSeconds: 60 };

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; sdkAppId: number; userId: string }
  | { ok: false; code: number; message: string; fix: string; retryAfter?: number };

export async function login(input: { sdkAppId: number; userId: string; userSig: string; platform: string; ip: string }): Promise<LoginResult> {
  const { sdkAppId, userId, platform, ip } = input;
  const actor: Actor = { type: "user", id: userId.slice(0, 64), ip };
  const refuse = async (code: number, message: string, fix: string, retryAfter?: number): Promise<LoginResult> => {
    await auditRejected({ actor, action: "login.reject", sdkAppId, target: userId.slice(0, 64), code, details: { reason: message } });
    return { ok: false, code, message, fix, ...(retryAfter !== undefined && { retryAfter }) };
  };

  const ipKey = `login:ip:${ip}`;
  const userKey = `login:user:${sdkAppId}:${userId}`;
  const problem = validateUserId(userId);
  const { blocked, check: checkWith } = await prepareCheck({ sdkAppId, userId: problem ? "" : userId, throttleKeys: [ipKey, userKey] });
  const ipWait = blocked.get(ipKey);
  if (ipWait) return refuse(70050, "Too many failed login attempts from this client.", `Retry after ${ipWait} seconds.`, ipWait);
  if (problem) return refuse(70402, `Invalid userId: ${problem}`, "Use the UserID the UserSig was generated for (1-32 printable ASCII characters).");

  const check = checkWith(input.userSig);
  if (!check.ok) {
    await recordFailure([ipKey], IP_POLICY);
    await recordFailure([userKey], USER_POLICY);
    const userWait = blocked.get(userKey);
    if (userWait) return refuse(70050, "Too many failed login attempts for this UserID.", `Retry after ${userWait} seconds, with a valid UserSig.`, userWait);
    return refuse(check.code, check.reason, check.fix);
  }
  const session = await createSession({ actor, platform, sdkAppId, userId, ticketExpiresAt: check.expiresAt, keyVersion: check.keyVersion, accountExists: check.accountExists });
  return { ok: true, ...session, sdkAppId, userId };
}
