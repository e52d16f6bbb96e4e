import "server-only";
import { db } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/data/audit";
import { CHAIN_LOCK, type ChainRow, GENESIS_HASH, auditHash, chainRows } from "@/lib/data/audit-seal";
import { Prisma, isSqlite, queryRows } from "@/lib/data/sql";
import { ConflictError } from "@/lib/errors";

// Checking and pruning the audit trail's hash chain (sealed by
// lib/data/audit-seal.ts). Verification walks rows and seals together in id
// order from the anchor (the last prune's checkpoint, or the start) up to the
// sealed head, and stops at the first problem:
//   altered:  a row (or its seal) no longer hashes to its seal;
//   inserted: a row below the head without a seal of its own;
//   removed:  a seal whose row is gone, or a seal whose predecessor is gone with its own seal.
// Someone who can write the seal table can also recompute the whole chain, or
// cut its end off; against that, each run records the head it reached (in
// Setting "audit.verification") and the next run checks that this seal is unchanged.

const PAGE = 5000;
const VERIFICATION_KEY = "audit.verification";

export type Verification = {
  /** ISO time of the run. */
  at: string;
  ok: boolean;
  /** The last row that verified. */
  through: number;
  /** Rows above the sealed head, not yet sealed. */
  unsealed: number;
  problem?: string;
  /** The newest seal a run verified, carried forward from run to run. */
  head: { id: number; hash: string; at: string } | null;
};

export async function lastVerification(): Promise<Verification | null> {
  const row = await db().setting.findUnique({ where: { key: VERIFICATION_KEY } });
  return row ? (JSON.parse(row.value) as Verification) : null;
}

/** Verifies the chain and records the result for the console. */
export async function verifyChain(): Promise<Verification> {
  const previous = await lastVerification();
  const walked = await walkChain(previous?.head ?? null);
  const [unsealed] = await queryRows<{ n: unknown }>(
    Prisma.sql`SELECT count(*) AS "n" FROM "AuditEvent" WHERE "id" > ${walked.head}`,
  );
  const at = new Date().toISOString();
  const verification: Verification = {
    at,
    ok: !walked.problem,
    through: walked.through.id,
    unsealed: Number(unsealed?.n ?? 0),
    ...(walked.problem && { problem: walked.problem }),
    head: walked.problem ? (previous?.head ?? null) : { ...walked.through, at },
  };
  const value = JSON.stringify(verification);
  await db().setting.upsert({
    where: { key: VERIFICATION_KEY },
    create: { key: VERIFICATION_KEY, value },
    update: { value },
  });
  return verification;
}

type Link = { id: number; hash: string };
type Seal = { eventId: number; prevId: number; hash: string };

const inserted = (id: number) => `audit row #${id} was inserted after sealing`;
const removed = (first: number, last: number) =>
  first === last ? `audit row #${first} was removed` : `audit rows #${first}-#${last} were removed`;
const day = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

async function walkChain(verified: Verification["head"]): Promise<{ head: number; through: Link; problem?: string }> {
  const anchor = await pruneAnchor();
  const [top] = await queryRows<{ head: unknown }>(Prisma.sql`SELECT max("eventId") AS "head" FROM "AuditSeal"`);
  const head = Number(top?.head ?? 0);
  let through = anchor;
  const fail = (problem: string) => ({ head, through, problem });

  // Rows up to the anchor were pruned: one there now was put back.
  const [stray] = await queryRows<{ id: unknown }>(
    Prisma.sql`SELECT min("id") AS "id" FROM "AuditEvent" WHERE "id" <= ${anchor.id}`,
  );
  if (stray?.id != null) return fail(inserted(Number(stray.id)));
  // A prune always keeps the newest seal, so the chain goes on from it.
  if (head < anchor.id) return fail(`the seals after #${anchor.id} were removed`);
  const check = verified && verified.id > anchor.id ? verified : null;
  if (check && check.id > head)
    return fail(
      `audit rows after #${head} were removed (the chain reached #${check.id} when verified on ${day(check.at)})`,
    );

  const seals = pages<Seal>(
    (after) =>
      Prisma.sql`SELECT "eventId", "prevId", "hash" FROM "AuditSeal" WHERE "eventId" > ${after} AND "eventId" <= ${head} ORDER BY "eventId" LIMIT ${PAGE}`,
    (seal) => seal.eventId,
    anchor.id,
  );
  const rows = pages<ChainRow>(
    (after) => chainRows(after, head, PAGE),
    (row) => row.id,
    anchor.id,
  );
  let seal = await next(seals);
  let row = await next(rows);
  while (seal) {
    if (row && row.id < seal.eventId) return fail(inserted(row.id));
    // The seal names its predecessor: one that is not the previous seal was removed, or the previous seal was slipped in.
    if (seal.prevId > through.id) return fail(removed(through.id + 1, seal.prevId));
    if (seal.prevId < through.id) return fail(inserted(through.id));
    if (!row || row.id > seal.eventId) {
      const first = seal.eventId;
      let last = first;
      while ((seal = await next(seals)) && (!row || seal.eventId < row.id)) last = seal.eventId;
      return fail(removed(first, last));
    }
    if (auditHash(row, through.hash) !== seal.hash) return fail(`audit row #${row.id} was altered`);
    if (
      check &&
      through.id < check.id &&
      seal.eventId >= check.id &&
      (seal.eventId !== check.id || seal.hash !== check.hash)
    ) {
      return fail(
        `the chain was rewritten: the seal of audit row #${check.id} is not the one verified on ${day(check.at)}`,
      );
    }
    through = { id: seal.eventId, hash: seal.hash };
    seal = await next(seals);
    row = await next(rows);
  }
  return { head, through };
}

/** Where the chain starts: after the last prune's checkpoint, or at the beginning. */
async function pruneAnchor(): Promise<Link> {
  const row = await db().auditEvent.findFirst({
    where: { action: "audit.prune", result: "ok" },
    orderBy: { id: "desc" },
    select: { details: true },
  });
  try {
    const { throughId, throughHash } = JSON.parse(row?.details ?? "{}") as {
      throughId?: unknown;
      throughHash?: unknown;
    };
    if (typeof throughId === "number" && typeof throughHash === "string") return { id: throughId, hash: throughHash };
  } catch {
    // An unreadable checkpoint anchors nothing; the walk then reports where the chain breaks.
  }
  return { id: 0, hash: GENESIS_HASH };
}

async function* pages<T>(
  page: (after: number) => Prisma.Sql,
  key: (row: T) => number,
  from: number,
): AsyncGenerator<T, void> {
  for (let after = from; ;) {
    const rows = await queryRows<T>(page(after));
    yield* rows;
    if (rows.length < PAGE) return;
    after = key(rows[rows.length - 1]!);
  }
}

const next = async <T>(walk: AsyncGenerator<T, void>): Promise<T | undefined> => (await walk.next()).value ?? undefined;

/**
 * Removes the sealed audit rows older than `before` (the owner's decision),
 * with their seals, and writes an "audit.prune" row whose details anchor the
 * chain (`throughId`, `throughHash`: the last removed row and its seal). The
 * cut falls before the first row not older than the date, so what remains is
 * one unbroken chain; the newest seal always stays, for the sealer to go on
 * from. Refused while the chain does not verify: pruning would destroy the evidence.
 */
export async function pruneAudit(actor: Actor, before: Date): Promise<{ removed: number; throughId: number | null }> {
  const verification = await verifyChain();
  if (!verification.ok)
    throw new ConflictError(`The audit chain does not verify (${verification.problem}); nothing was pruned.`);
  return db().$transaction(
    async (tx) => {
      if (!isSqlite()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`;
      const head = await tx.auditSeal.findFirst({ orderBy: { eventId: "desc" }, select: { eventId: true } });
      const newer = await tx.auditEvent.findFirst({
        where: { at: { gte: before } },
        orderBy: { id: "asc" },
        select: { id: true },
      });
      const limit = Math.min(newer?.id ?? Infinity, head?.eventId ?? 0);
      const through = await tx.auditSeal.findFirst({ where: { eventId: { lt: limit } }, orderBy: { eventId: "desc" } });
      if (!through) return { removed: 0, throughId: null };
      // The triggers let DELETE through only while this row exists, and no other transaction ever sees it.
      await tx.auditPruneGrant.create({ data: { id: 1 } });
      const { count } = await tx.auditEvent.deleteMany({ where: { id: { lte: through.eventId } } });
      await tx.auditSeal.deleteMany({ where: { eventId: { lte: through.eventId } } });
      await tx.auditPruneGrant.delete({ where: { id: 1 } });
      const details = {
        before: before.toISOString().slice(0, 10),
        removed: count,
        throughId: through.eventId,
        throughHash: through.hash,
      };
      await recordAudit({ actor, action: "audit.prune", details }, tx);
      return { removed: count, throughId: through.eventId };
    },
    // Deleting many rows can take longer than Prisma's 5 s default.
    { timeout: 10 * 60_000 },
  );
}
