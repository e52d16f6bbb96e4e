import "server-only";
import { createHash } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { type Actor, type AuditInput, writeAudit } from "@/lib/data/audit";
import { batched } from "@/lib/data/batch";
import { Prisma, readBool, readDate, sqlDate } from "@/lib/data/sql";
import { primaryKey } from "@/lib/data/keys";
import { decryptSecret } from "@/lib/secrets/secret-box";
import { decodeUserSig, genPrivateMapKey, genUserSig, verifyUserSig, type DecodedUserSig, type PrivilegeName, type Rejection } from "@/lib/usersig";

// Issuing and checking tickets against an app's stored keys. Every issue is
// recorded in the ledger (a hash of TLS.sig, never the ticket) and the audit
// trail; every rejection is audited.

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
      })),
    });
    for (const { request, decoded } of issued) {
      await writeAudit(tx, {
        actor,
        action: request.kind === "usersig" ? "usersig.issue" : "privatemapkey.issue",
        sdkAppId,
        target: request.userId,
        details: { expire: decoded.expire, keyVersion: version, ...(request.kind === "privatemapkey" && { room: request.room, privileges: request.privileges }) },
      });
    }
  });
  return issued.map(({ ticket, decoded }) => ({ ticket, time: decoded.time, expire: decoded.expire, expiresAt: decoded.time + decoded.expire, keyVersion: version }));
}

export type TicketCheck = { ok: true; value: DecodedUserSig; keyVersion: number; expiresAt: number; accountExists: boolean } | Rejection;

const reject = (code: number, reason: string, fix: string): Rejection => ({ ok: false, code, reason, fix });

// Decrypted keys, remembered by their ciphertext. Which keys may verify is
// read from the database on every check, so rotation and retirement take
// effect at once; only the AES-GCM work is saved. A key's ciphertext never
// changes, so an entry cannot go stale.
const decrypted = new Map<string, string>();
const MAX_DECRYPTED = 1000;

function decryptKey(sdkAppId: number, version: number, ciphertext: string): string {
  const cached = decrypted.get(ciphertext);
  if (cached) return cached;
  // Same associated data as lib/data/keys.ts: "<sdkAppId>:<version>".
  const key = decryptSecret(ciphertext, `${sdkAppId}:${version}`);
  if (decrypted.size >= MAX_DECRYPTED) decrypted.clear();
  decrypted.set(ciphertext, key);
  return key;
}

type LoginContext = {
  status: string;
  keys: { version: number; ciphertext: string }[];
  account: { disabled: boolean; loginNotBefore: Date | null } | undefined;
};

// The app, its live keys and the account, read fresh for every check (so key
// rotation, app status and kicks apply at once), but for all concurrent
// checks with one query.
const loadContext = batched<{ sdkAppId: number; userId: string }, LoginContext | null>(async (wanted) => {
  const appIds = Prisma.join([...new Set(wanted.map((w) => w.sdkAppId))]);
  const userIds = Prisma.join([...new Set(wanted.map((w) => w.userId))]);
  const [apps, keys, accounts] = await Promise.all([
    db().$queryRaw<{ sdkAppId: number; status: string }[]>(Prisma.sql`SELECT "sdkAppId", "status" FROM "Application" WHERE "sdkAppId" IN (${appIds})`),
    db().$queryRaw<{ sdkAppId: number; version: number; ciphertext: string }[]>(
      Prisma.sql`SELECT "sdkAppId", "version", "ciphertext" FROM "SigningKey" WHERE "sdkAppId" IN (${appIds}) AND ("status" = 'primary' OR ("status" = 'secondary' AND "verifyUntil" > ${sqlDate(new Date())})) ORDER BY "version" DESC`,
    ),
    db().$queryRaw<{ sdkAppId: number; userId: string; disabled: unknown; loginNotBefore: unknown }[]>(
      Prisma.sql`SELECT "sdkAppId", "userId", "disabled", "loginNotBefore" FROM "Account" WHERE "sdkAppId" IN (${appIds}) AND "userId" IN (${userIds})`,
    ),
  ]);
  const status = new Map(apps.map((app) => [Number(app.sdkAppId), app.status]));
  return wanted.map(({ sdkAppId, userId }) => {
    const appStatus = status.get(sdkAppId);
    if (appStatus === undefined) return null;
    const account = accounts.find((a) => Number(a.sdkAppId) === sdkAppId && a.userId === userId);
    return {
      status: appStatus,
      keys: keys.filter((k) => Number(k.sdkAppId) === sdkAppId).map((k) => ({ version: Number(k.version), ciphertext: k.ciphertext })),
      account: account && { disabled: readBool(account.disabled), loginNotBefore: readDate(account.loginNotBefore) },
    };
  });
});

/**
 * Everything a login needs to trust a ticket: the app exists and is enabled,
 * a live key verifies it, it has not expired, and the account's login was
 * not invalidated after it was issued nor the account disabled.
 */
export async function checkTicket(input: { sdkAppId: number; userId: string; ticket: string; now?: number }): Promise<TicketCheck> {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const app = Number.isSafeInteger(input.sdkAppId) ? await loadContext({ sdkAppId: input.sdkAppId, userId: input.userId }) : null;
  if (!app) return reject(70020, `SDKAppID ${input.sdkAppId} does not exist.`, "Check the SDKAppID in your client configuration against the console.");
  if (app.status !== "enabled") return reject(70020, `Application ${input.sdkAppId} is disabled.`, "Enable the application in the console.");
  const keys = app.keys.map((row) => ({ version: row.version, key: decryptKey(input.sdkAppId, row.version, row.ciphertext) }));
  const result = verifyUserSig({ ticket: input.ticket, sdkAppId: input.sdkAppId, userId: input.userId, keys: keys.map((k) => k.key), now });
  if (!result.ok) return result;
  const account = app.account;
  if (account?.disabled) return reject(70051, `Account "${input.userId}" is disabled.`, "Re-enable the account in the console.");
  if (account?.loginNotBefore && result.value.time <= account.loginNotBefore.getTime() / 1000) {
    return reject(
      70052,
      `This UserSig was issued at ${new Date(result.value.time * 1000).toISOString()}, before the user's login state was invalidated at ${account.loginNotBefore.toISOString()}.`,
      "Generate a new UserSig for this user.",
    );
  }
  return { ok: true, value: result.value, keyVersion: keys[result.keyIndex]?.version ?? 0, expiresAt: result.expiresAt, accountExists: account !== undefined };
}

/** Audits a rejected ticket (login, REST identity, console verify). */
export async function auditRejection(actor: Actor, action: string, sdkAppId: number | null, userId: string, rejection: Rejection): Promise<void> {
  await auditRejected({ actor, action, sdkAppId, target: userId, code: rejection.code, details: { reason: rejection.reason } });
}

/** Audits any rejected API call (bad parameters, oversize body, refused command). */
export async function auditRejected(input: Omit<AuditInput, "result">): Promise<void> {
  // The client is a valid writer outside a transaction; Prisma's types give
  // transaction clients a different omit signature, hence the cast.
  await writeAudit(db() as unknown as Tx, { ...input, result: "rejected" });
}
