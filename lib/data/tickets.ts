import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { type Actor, writeAudit } from "@/lib/data/audit";
import { findApp } from "@/lib/data/apps";
import { primaryKey, verificationKeys } from "@/lib/data/keys";
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
  const { version, key } = await primaryKey(request.sdkAppId);
  const base = { sdkAppId: request.sdkAppId, key, userId: request.userId, expire: request.expire, now };
  const ticket = request.kind === "usersig" ? genUserSig(base) : genPrivateMapKey({ ...base, room: request.room, privileges: request.privileges });
  const decoded = decodeUserSig(ticket);
  if (!decoded.ok) throw new Error("a freshly issued ticket failed to decode");
  const { time, expire, sig } = decoded.value;
  await db().$transaction(async (tx) => {
    await tx.issuedTicket.create({
      data: { sdkAppId: request.sdkAppId, userId: request.userId, kind: request.kind, time, expire, sigHash: sigHash(sig), keyVersion: version, issuer: `${actor.type}:${actor.id}` },
    });
    await writeAudit(tx, {
      actor,
      action: request.kind === "usersig" ? "usersig.issue" : "privatemapkey.issue",
      sdkAppId: request.sdkAppId,
      target: request.userId,
      details: { expire, keyVersion: version, ...(request.kind === "privatemapkey" && { room: request.room, privileges: request.privileges }) },
    });
  });
  return { ticket, time, expire, expiresAt: time + expire, keyVersion: version };
}

export type TicketCheck = { ok: true; value: DecodedUserSig; keyVersion: number; expiresAt: number } | Rejection;

const reject = (code: number, reason: string, fix: string): Rejection => ({ ok: false, code, reason, fix });

/**
 * Everything a login needs to trust a ticket: the app exists and is enabled,
 * a live key verifies it, it has not expired, and the account's login was
 * not invalidated after it was issued nor the account disabled.
 */
export async function checkTicket(input: { sdkAppId: number; userId: string; ticket: string; now?: number }): Promise<TicketCheck> {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const app = await findApp(input.sdkAppId);
  if (!app) return reject(70020, `SDKAppID ${input.sdkAppId} does not exist.`, "Check the SDKAppID in your client configuration against the console.");
  if (app.status !== "enabled") return reject(70020, `Application ${input.sdkAppId} is disabled.`, "Enable the application in the console.");
  const keys = await verificationKeys(input.sdkAppId, new Date(now * 1000));
  const versions = keys.map((k) => k.version);
  const result = verifyUserSig({ ticket: input.ticket, sdkAppId: input.sdkAppId, userId: input.userId, keys: keys.map((k) => k.key), now });
  if (!result.ok) return result;
  const account = await db().account.findUnique({ where: { sdkAppId_userId: { sdkAppId: input.sdkAppId, userId: input.userId } } });
  if (account?.disabled) return reject(70051, `Account "${input.userId}" is disabled.`, "Re-enable the account in the console.");
  if (account?.loginNotBefore && result.value.time <= account.loginNotBefore.getTime() / 1000) {
    return reject(
      70052,
      `This UserSig was issued at ${new Date(result.value.time * 1000).toISOString()}, before the user's login state was invalidated at ${account.loginNotBefore.toISOString()}.`,
      "Generate a new UserSig for this user.",
    );
  }
  return { ok: true, value: result.value, keyVersion: versions[result.keyIndex] ?? 0, expiresAt: result.expiresAt };
}

/** Audits a rejected ticket (login, REST identity, console verify). */
export async function auditRejection(actor: Actor, action: string, sdkAppId: number | null, userId: string, rejection: Rejection): Promise<void> {
  await writeAudit(db(), { actor, action, result: "rejected", sdkAppId, target: userId, code: rejection.code, details: { reason: rejection.reason } });
}
