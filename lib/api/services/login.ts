import "server-only";
import { attemptTicket } from "@/lib/api/auth/ticket-attempt";
import { type Actor } from "@/lib/data/audit";
import { auditRejected } from "@/lib/data/rejections";
import { createSession, loginVerifying } from "@/lib/data/sessions";
import { countLogin } from "@/lib/metrics/registry";
import { validateUserId } from "@/lib/usersig";

// App-user login: a UserSig for a UserID becomes a session. Failed attempts
// are throttled as lib/api/auth/ticket-attempt.ts describes; a refused attempt is
// answered 70050, hiding which check failed.

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; sdkAppId: number; userId: string }
  | { ok: false; code: number; message: string; fix: string; retryAfter?: number };

type LoginInput = { sdkAppId: number; userId: string; userSig: string; platform: string; ip: string };

export async function login(input: LoginInput): Promise<LoginResult> {
  const verified = loginVerifying();
  try {
    const result = await verifyAndStart(input, verified);
    countLogin(input.sdkAppId, result.ok ? 0 : result.code);
    return result;
  } finally {
    verified();
  }
}

async function verifyAndStart(input: LoginInput, verified: () => void): Promise<LoginResult> {
  const { sdkAppId, userId, platform, ip } = input;
  const actor: Actor = { type: "user", id: userId, ip };
  const refuse = async (code: number, message: string, fix: string, retryAfter?: number): Promise<LoginResult> => {
    await auditRejected({
      actor,
      action: "login.reject",
      sdkAppId,
      target: userId,
      code,
      details: { reason: message },
    });
    return { ok: false, code, message, fix, ...(retryAfter !== undefined && { retryAfter }) };
  };

  const problem = validateUserId(userId);
  if (problem)
    return refuse(
      70402,
      `Invalid userId: ${problem}`,
      "Use the UserID the UserSig was generated for (1-32 printable ASCII characters).",
    );
  const attempt = await attemptTicket({ scope: "login", ip, sdkAppId, userId, ticket: input.userSig });
  const wait = attempt.retryAfter;
  if (attempt.refused)
    return refuse(70050, "Too many failed login attempts from this client.", `Retry after ${wait} seconds.`, wait);
  const { check } = attempt;
  if (!check.ok && wait > 0)
    return refuse(
      70050,
      "Too many failed login attempts for this UserID.",
      `Retry after ${wait} seconds, with a valid UserSig.`,
      wait,
    );
  if (!check.ok) return refuse(check.code, check.reason, check.fix);
  verified();
  const session = await createSession({
    actor,
    platform,
    sdkAppId,
    userId,
    ticketExpiresAt: check.expiresAt,
    keyVersion: check.keyVersion,
    sigHash: check.sigHash,
    accountExists: check.accountExists,
    reportLogin: check.callbackActions.includes("Login"),
  });
  return { ok: true, ...session, sdkAppId, userId };
}
