import "server-only";
import { db } from "@/lib/db";
import { type Actor, auditInsert } from "@/lib/data/audit";
import { countEvents } from "@/lib/data/daily-counts";
import { primaryKey } from "@/lib/data/keys";
import { sigHash } from "@/lib/data/ledger";
import { countIssued } from "@/lib/metrics/registry";
import { decodeUserSig, genPrivateMapKey, genUserSig, type PrivilegeName } from "@/lib/usersig";

// Issuing tickets with an app's primary key. Every issue is recorded in the
// ledger (a hash of TLS.sig, never the ticket), the day's count and the audit
// trail, in one transaction.

export type TicketRequest =
  | { kind: "usersig"; sdkAppId: number; userId: string; expire?: number }
  | {
      kind: "privatemapkey";
      sdkAppId: number;
      userId: string;
      expire?: number;
      room: number | string;
      privileges: number | PrivilegeName[];
    };

export type IssuedTicket = { ticket: string; time: number; expire: number; expiresAt: number; keyVersion: number };

export async function issueTicket(
  actor: Actor,
  request: TicketRequest,
  now = Math.floor(Date.now() / 1000),
): Promise<IssuedTicket> {
  const [issued] = await issueTickets(actor, request.sdkAppId, [request], now);
  return issued!;
}

/**
 * Issues tickets for one app with its primary key, recording every one in the
 * ledger and the audit trail in a single transaction.
 */
export async function issueTickets(
  actor: Actor,
  sdkAppId: number,
  requests: TicketRequest[],
  now = Math.floor(Date.now() / 1000),
): Promise<IssuedTicket[]> {
  const { version, key } = await primaryKey(sdkAppId);
  const issued = requests.map((request) => {
    const base = { sdkAppId, key, userId: request.userId, expire: request.expire, now };
    const ticket =
      request.kind === "usersig"
        ? genUserSig(base)
        : genPrivateMapKey({ ...base, room: request.room, privileges: request.privileges });
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
    await tx.$executeRaw(
      countEvents(
        "issued",
        issued.map(() => ({ sdkAppId, at: issuedAt })),
      ),
    );
    // One multi-row INSERT for the batch's audit rows: a 100-ticket call stays
    // a short transaction (100 round trips held it open for seconds under load).
    await tx.$executeRaw(
      auditInsert(
        issued.map(({ request, decoded }) => ({
          at: issuedAt,
          input: {
            actor,
            action: request.kind === "usersig" ? "usersig.issue" : "privatemapkey.issue",
            sdkAppId,
            target: request.userId,
            details: {
              expire: decoded.expire,
              keyVersion: version,
              ...(request.kind === "privatemapkey" && { room: request.room, privileges: request.privileges }),
            },
          },
        })),
      ),
    );
  });
  for (const kind of ["usersig", "privatemapkey"] as const) {
    const count = issued.filter(({ request }) => request.kind === kind).length;
    if (count > 0) countIssued(sdkAppId, kind, count);
  }
  return issued.map(({ ticket, decoded }) => ({
    ticket,
    time: decoded.time,
    expire: decoded.expire,
    expiresAt: decoded.time + decoded.expire,
    keyVersion: version,
  }));
}
