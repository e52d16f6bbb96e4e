import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { type Actor, recordAudit } from "@/lib/data/audit";
import { batched } from "@/lib/data/batch";
import { countEvents } from "@/lib/data/daily-counts";
import { Prisma, queryRows, readBool, readDate, sqlDate } from "@/lib/data/sql";
import { canExist } from "@/lib/validations/common";
import { decryptStoredKey, effectiveStatus, primaryKey } from "@/lib/data/keys";
import { parseActions } from "@/lib/data/callback-config";
import type { CallbackAction } from "@/lib/callbacks/actions";
import { decodeUserSig, genPrivateMapKey, genUserSig, validateUserId, verifyUserSig, type DecodedUserSig, type PrivilegeName, type Rejection } from "@/lib/usersig";

// Issuing and checking tickets against an app's stored keys. Every issue is
// recorded in the ledger (a hash of TLS.sig, never the ticket) and the audit
// trail.

export type TicketRequest =
  | { kind: "usersig"; sdkAppId: number; userId: string; expire?: number }
  | { kind: "privatemapkey"; sdkAppId: number; userId: string; expire?: number; room: number | string; privileges: number | PrivilegeName[] };

export type IssuedTicket = { ticket: string; time: number; expire: number; expiresAt: number; keyVersion: number };

export const sigHash = (sig: string) => createHash("sha256").update(sig).digest("hex");

export async function issueTicket(actor: Actor, request: TicketRequest, now = Math.floor(Date.now() / 1000)): Promise<IssuedTicket> {
  const [issued] = await issueTickets(actor, request.sdkAppId, [request], now);
  return issued!;
}

/**
 * Issues tickets for one app with its primary key, recording every one in the
 * ledger and the audit trail in a single transaction.
 */
export async function issueTickets(actor: Actor, sdkAppId: number, requests: TicketRequest[], now = Math.floor(Date.now() / 1000)): Promise<IssuedTicket[]> {
  const { version, key } = await primaryKey(sdkAppId);
  const issued = requests.map((request) => {
    const base = { sdkAppId, key, userId: request.userId, expire: request.expire, now };
    const ticket = request.kind === "usersig" ? genUserSig(base) : genPrivateMapKey({ ...base, room: request.room, privileges: request.privileges });
    const decoded = decodeUserSig(ticket);
    if (!decoded.ok) throw new Error("a freshly issued ticket failed to decode");
    return { request, ticket, decoded: decoded.value };
  });
  const issuedAt = new Date();
  await db().$transaction(async (tx) => {
    await tx.issuedTicket.createMany({
      data: issued.map(({ request, decoded }) => ({
        sdkAppId,
        userId: request.userId,
        kind: request.kind,
        time: decoded.time,
        expire: decoded.expire,
        sigHash: sigHash(decoded.sig),
        keyVersion: version,
        issuer: `${actor.type}:${actor.id}`,
        createdAt: issuedAt,
      })),
    });
    await tx.$executeRaw(countEvents("issued", issued.map(() => ({ sdkAppId, at: issuedAt }))));
    for (const { request, decoded } of issued) {
      await recordAudit({
        actor,
        action: request.kind === "usersig" ? "usersig.issue" : "privatemapkey.issue",
        sdkAppId,
        target: request.userId,
        details: { expire: decoded.expire, keyVersion: version, ...(request.kind === "privatemapkey" && { room: request.room, privileges: request.privileges }) },
      }, tx);
    }
  });
  return issued.map(({ ticket, decoded }) => ({ ticket, time: decoded.time, expire: decoded.expire, expiresAt: decoded.time + decoded.expire, keyVersion: version }));
}

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

// Decrypted keys, remembered by their ciphertext. Which keys may verify is
// read from the database on every check, so rotation and retirement take
// effect at once; only the AES-GCM work is saved. A ciphertext always opens
// to the same key (a rewrap makes a new ciphertext), so no entry is ever wrong.
const decrypted = new Map<string, string>();
const MAX_DECRYPTED = 1000;

function decryptKey(sdkAppId: number, version: number, ciphertext: string): string {
  const cached = decrypted.get(ciphertext);
  if (cached) return cached;
  const key = decryptStoredKey(sdkAppId, version, ciphertext);
  if (decrypted.size >= MAX_DECRYPTED) decrypted.clear();
  decrypted.set(ciphertext, key);
  return key;
}

type StoredKey = { version: number; status: string; verifyUntil: Date | null; ciphertext: string };

type LoginContext = {
  status: string;
  /** Primary and secondary keys, newest first; effectiveStatus decides which may verify at the check's time. */
  keys: StoredKey[];
  account: { disabled: boolean; loginNotBefore: Date | null } | undefined;
  /** Set when the checked ticket was revoked (lib/data/revocations.ts). */
  revoked: { by: string; at: Date } | undefined;
  callbackActions: CallbackAction[];
};

type StateRow = { kind: "t" | "a" | "k" | "u" | "r" | "c"; name: string | null; app: unknown; num: unknown; text: string | null; at: unknown };

// The app, its keys, its state callback's actions, the account, the
// ticket's revocation and the throttle rows, read fresh for every check (so key rotation, app status, kicks,
// revocations and blocks apply at once), but for all concurrent checks in one
// round trip: one UNION ALL statement, hand-written because this is the login
// hot path (see lib/data/sql.ts).
const loadState = batched<{ sdkAppId: number; userId: string; sigHash: string | null; throttleKeys: string[] }, { context: LoginContext | null; blockedUntil: Map<string, Date> }>(
  async (wanted) => {
    const appIds = Prisma.join([...new Set(wanted.map((w) => w.sdkAppId))]);
    const userIds = Prisma.join([...new Set(wanted.map((w) => w.userId))]);
    const throttleKeys = [...new Set(wanted.flatMap((w) => w.throttleKeys))];
    const hashes = [...new Set(wanted.flatMap((w) => (w.sigHash ? [w.sigHash] : [])))];
    const rows = await queryRows<StateRow>(Prisma.sql`
      SELECT 'a' AS "kind", NULL AS "name", "sdkAppId" AS "app", NULL AS "num", "status" AS "text", CAST(NULL AS TIMESTAMP) AS "at" FROM "Application" WHERE "sdkAppId" IN (${appIds})
      UNION ALL
      SELECT 'k', "status", "sdkAppId", "version", "ciphertext", "verifyUntil" FROM "SigningKey" WHERE "sdkAppId" IN (${appIds}) AND "status" IN ('primary', 'secondary')
      UNION ALL
      SELECT 'c', NULL, "sdkAppId", NULL, "actions", NULL FROM "CallbackConfig" WHERE "sdkAppId" IN (${appIds})
      UNION ALL
      SELECT 'u', "userId", "sdkAppId", CASE WHEN "disabled" THEN 1 ELSE 0 END, NULL, "loginNotBefore" FROM "Account"
        WHERE "sdkAppId" IN (${appIds}) AND "userId" IN (${userIds})
      ${hashes.length > 0 ? Prisma.sql`UNION ALL SELECT 'r', "sigHash", "sdkAppId", NULL, "revokedBy", "revokedAt" FROM "RevokedTicket" WHERE "sigHash" IN (${Prisma.join(hashes)})` : Prisma.empty}
      ${throttleKeys.length > 0 ? Prisma.sql`UNION ALL SELECT 't', "key", NULL, NULL, NULL, "blockedUntil" FROM "Throttle" WHERE "key" IN (${Prisma.join(throttleKeys)}) AND "blockedUntil" > ${sqlDate(new Date())}` : Prisma.empty}`);
    const of = (kind: StateRow["kind"]) => rows.filter((row) => row.kind === kind);
    const status = new Map(of("a").map((row) => [Number(row.app), row.text!]));
    const keys = of("k").sort((a, b) => Number(b.num) - Number(a.num));
    const accounts = of("u");
    const revocations = of("r");
    const blocked = new Map(of("t").map((row) => [row.name!, readDate(row.at)!]));
    const callbacks = new Map(of("c").map((row) => [Number(row.app), parseActions(row.text!)]));
    return wanted.map(({ sdkAppId, userId, sigHash: hash, throttleKeys: mine }) => {
      const appStatus = status.get(sdkAppId);
      const account = accounts.find((row) => Number(row.app) === sdkAppId && row.name === userId);
      const revoked = hash ? revocations.find((row) => Number(row.app) === sdkAppId && row.name === hash) : undefined;
      return {
        context:
          appStatus === undefined
            ? null
            : {
                status: appStatus,
                keys: keys
                  .filter((row) => Number(row.app) === sdkAppId)
                  .map((row) => ({ version: Number(row.num), status: row.name!, verifyUntil: readDate(row.at), ciphertext: row.text! })),
                account: account && { disabled: readBool(account.num), loginNotBefore: readDate(account.at) },
                revoked: revoked && { by: revoked.text!, at: readDate(revoked.at)! },
                callbackActions: callbacks.get(sdkAppId) ?? [],
              },
        blockedUntil: new Map(mine.filter((key) => blocked.has(key)).map((key) => [key, blocked.get(key)!])),
      };
    });
  },
);

export type PreparedCheck = {
  /** The application's status, null when it does not exist. */
  appStatus: string | null;
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
export async function prepareCheck(input: { sdkAppId: number; userId: string; ticket: string; throttleKeys?: string[] }): Promise<PreparedCheck> {
  const { sdkAppId, userId, ticket } = input;
  // Inputs are checked before they join a batched statement: an app that
  // cannot exist is unknown without a query, and an invalid UserID (which no
  // account can have) is not looked up, so no request can make the database
  // refuse a statement that other requests share.
  const state = canExist(sdkAppId)
    ? await loadState({ sdkAppId, userId: validateUserId(userId) === null ? userId : "", sigHash: hashOf(ticket), throttleKeys: input.throttleKeys ?? [] })
    : { context: null, blockedUntil: new Map<string, Date>() };
  const nowMs = Date.now();
  const blocked = new Map([...state.blockedUntil].map(([key, until]) => [key, Math.ceil((until.getTime() - nowMs) / 1000)] as const).filter(([, wait]) => wait > 0));
  return { appStatus: state.context?.status ?? null, blocked, check: (now) => verifyAgainst(state.context, { sdkAppId, userId, ticket, now: now ?? Math.floor(Date.now() / 1000) }) };
}

/**
 * Everything a login needs to trust a ticket: the app exists and is enabled,
 * a live key verifies it, it has not expired nor been revoked, and the
 * account's login was not invalidated after it was issued nor the account
 * disabled.
 */
export async function checkTicket(input: { sdkAppId: number; userId: string; ticket: string; now?: number }): Promise<TicketCheck> {
  return (await prepareCheck(input)).check(input.now);
}

function verifyAgainst(app: LoginContext | null, input: { sdkAppId: number; userId: string; ticket: string; now: number }): TicketCheck {
  if (!app) return reject(70020, `SDKAppID ${input.sdkAppId} does not exist.`, "Check the SDKAppID in your client configuration against the console.");
  if (app.status !== "enabled") return reject(70020, `Application ${input.sdkAppId} is disabled.`, "Enable the application in the console.");
  const at = new Date(input.now * 1000);
  const keys = app.keys
    .filter((row) => effectiveStatus(row, at) !== "retired")
    .map((row) => ({ version: row.version, key: decryptKey(input.sdkAppId, row.version, row.ciphertext) }));
  const result = verifyUserSig({ ticket: input.ticket, sdkAppId: input.sdkAppId, userId: input.userId, keys: keys.map((k) => k.key), now: input.now, futureLeewaySeconds: env().TESSERA_CLOCK_SKEW_SECONDS });
  if (!result.ok) return result;
  if (app.revoked) {
    return reject(70052, `This UserSig was revoked at ${app.revoked.at.toISOString()} by ${app.revoked.by}.`, "Generate a new UserSig for this user.");
  }
  const account = app.account;
  if (account?.disabled) return reject(70051, `Account "${input.userId}" is disabled.`, "Re-enable the account in the console.");
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
