import "server-only";
import { env } from "@/lib/env";
import { effectiveStatus } from "@/lib/data/keys";
import { decryptKey } from "@/lib/data/key-cache";
import { sigHash } from "@/lib/data/ledger";
import { type LoginContext, loadState } from "@/lib/data/login-state";
import { canExist } from "@/lib/validations/common";
import type { CallbackAction } from "@/lib/callbacks/actions";
import { decodeUserSig, validateUserId, verifyUserSig, type DecodedUserSig, type Rejection } from "@/lib/usersig";

// The check policy: whether a ticket may log in (or act as an app admin)
// now, against the state lib/data/login-state.ts reads fresh for every check.

export type TicketCheck =
  | {
      ok: true;
      value: DecodedUserSig;
      keyVersion: number;
      expiresAt: number;
      accountExists: boolean;
      sigHash: string;
      /** The actions the app's state callback reports (lib/data/callback-outbox.ts), read in the same batch. */
      callbackActions: CallbackAction[];
    }
  | Rejection;

const reject = (code: number, reason: string, fix: string): Rejection => ({ ok: false, code, reason, fix });

export type PreparedCheck = {
  /** The application's status, null when it does not exist. */
  appStatus: string | null;
  /** When the UserID became an app admin of the application; null when it is not one. */
  adminSince: Date | null;
  /** Seconds until each blocked throttle key is free; keys not blocked are absent. */
  blocked: Map<string, number>;
  /** Checks the ticket given to prepareCheck. */
  check: (now?: number) => TicketCheck;
};

// The revocation lookup needs the ticket's hash before the batched read.
// Decoding is bounded (lib/usersig/decode.ts) and verification decodes again;
// a ticket that does not decode is refused by verification, so it needs no lookup.
function hashOf(ticket: string): string | null {
  const decoded = decodeUserSig(ticket);
  return decoded.ok ? sigHash(decoded.value.sig) : null;
}

/**
 * Reads what checking this ticket of this UserID needs, plus the state of the
 * given throttle keys, so a login can refuse a blocked client before any
 * verification without another round trip.
 */
export async function prepareCheck(input: {
  sdkAppId: number;
  userId: string;
  ticket: string;
  throttleKeys?: string[];
}): Promise<PreparedCheck> {
  const { sdkAppId, userId, ticket } = input;
  // Inputs are checked before they join a batched statement: an app that
  // cannot exist is unknown without a query, and an invalid UserID (which no
  // account can have) is not looked up, so no request can make the database
  // refuse a statement that other requests share.
  const state = canExist(sdkAppId)
    ? await loadState({
        sdkAppId,
        userId: validateUserId(userId) === null ? userId : "",
        sigHash: hashOf(ticket),
        throttleKeys: input.throttleKeys ?? [],
      })
    : { context: null, blockedUntil: new Map<string, Date>() };
  const nowMs = Date.now();
  const blocked = new Map(
    [...state.blockedUntil]
      .map(([key, until]) => [key, Math.ceil((until.getTime() - nowMs) / 1000)] as const)
      .filter(([, wait]) => wait > 0),
  );
  return {
    appStatus: state.context?.status ?? null,
    adminSince: state.context?.adminSince ?? null,
    blocked,
    check: (now) =>
      verifyAgainst(state.context, { sdkAppId, userId, ticket, now: now ?? Math.floor(Date.now() / 1000) }),
  };
}

/**
 * Everything a login needs to trust a ticket: the app exists and is enabled,
 * a live key verifies it, it has not expired nor been revoked, and the
 * account's login was not invalidated after it was issued nor the account
 * disabled.
 */
export async function checkTicket(input: {
  sdkAppId: number;
  userId: string;
  ticket: string;
  now?: number;
}): Promise<TicketCheck> {
  return (await prepareCheck(input)).check(input.now);
}

function verifyAgainst(
  app: LoginContext | null,
  input: { sdkAppId: number; userId: string; ticket: string; now: number },
): TicketCheck {
  if (!app)
    return reject(
      70020,
      `SDKAppID ${input.sdkAppId} does not exist.`,
      "Check the SDKAppID in your client configuration against the console.",
    );
  if (app.status !== "enabled")
    return reject(70020, `Application ${input.sdkAppId} is disabled.`, "Enable the application in the console.");
  const at = new Date(input.now * 1000);
  const keys = app.keys
    .filter((row) => effectiveStatus(row, at) !== "retired")
    .map((row) => ({ version: row.version, key: decryptKey(input.sdkAppId, row.version, row.ciphertext) }));
  const result = verifyUserSig({
    ticket: input.ticket,
    sdkAppId: input.sdkAppId,
    userId: input.userId,
    keys: keys.map((k) => k.key),
    now: input.now,
    futureLeewaySeconds: env().TESSERA_CLOCK_SKEW_SECONDS,
  });
  if (!result.ok) return result;
  // App users and App Servers learn when, never which operator: who revoked
  // it is for the console's ledger and the audit trail.
  if (app.revoked) {
    return reject(
      70052,
      `This UserSig was revoked at ${app.revoked.at.toISOString()}.`,
      "Generate a new UserSig for this user.",
    );
  }
  const account = app.account;
  if (account?.disabled)
    return reject(70051, `Account "${input.userId}" is disabled.`, "Re-enable the account in the console.");
  // A kick refuses tickets dated at or before its second, so a ticket dated
  // after it survives: one signed since, as intended, but also one signed
  // earlier for a later time. Since no ticket dated more than the clock-skew
  // leeway ahead is accepted, a ticket usable at the kick survives it only if
  // dated at most TESSERA_CLOCK_SKEW_SECONDS after it: that is the residual
  // window. A ticket dated further ahead was unusable then and becomes usable
  // shortly before its date; only a holder of the key can sign one, and only
  // rotating the key stops a key holder.
  if (account?.loginNotBefore && result.value.time <= account.loginNotBefore.getTime() / 1000) {
    return reject(
      70052,
      `This UserSig was issued at ${new Date(result.value.time * 1000).toISOString()}, before the user's login state was invalidated at ${account.loginNotBefore.toISOString()}.`,
      "Generate a new UserSig for this user.",
    );
  }
  return {
    ok: true,
    value: result.value,
    keyVersion: keys[result.keyIndex]?.version ?? 0,
    expiresAt: result.expiresAt,
    accountExists: account !== undefined,
    sigHash: sigHash(result.value.sig),
    callbackActions: app.callbackActions,
  };
}
