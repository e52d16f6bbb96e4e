import "server-only";
import { logRetriedFailure } from "@/lib/log";
import { createHash } from "node:crypto";
import { Prisma, isSqlite, queryRows, readDate, runTransaction, sqlDate } from "@/lib/data/sql";

// The audit trail's hash chain. Rows are written as before, with no hash, so
// the login hot path never waits on the chain; this sealer, running in every
// server process that writes audit rows, appends one AuditSeal per row in id
// order a few seconds later.
//
// Encoding: a row's hash is the hex SHA-256 of the UTF-8 JSON array
//   [id, at, actorType, actor, ip, action, result, target, sdkAppId, code, details, count, lastAt, previousHash]
// as ECMAScript's JSON.stringify writes it (no white space), with `at` and
// `lastAt` as ISO-8601 UTC with milliseconds ("2026-11-29T02:00:00.000Z"),
// absent values as null, and `previousHash` the previous seal's hash (64
// zeros before the first row). The same function seals and verifies.
//
// Bound: a row is sealed between SETTLE_MS and about SETTLE_MS + 2 * TICK_MS
// (≤ 4 s) after it becomes visible, while a server process that wrote audit
// rows runs; rows written just before every server stopped wait for the next
// audit write. Why the settle delay: on PostgreSQL ids come from a sequence,
// so a transaction can commit id 10 after another committed id 11. The sealer
// only seals up to the highest id it saw at least SETTLE_MS ago; every
// smaller id was taken before then, and every transaction here writes its
// audit row as its last statement (or is one statement, lib/data/sql.ts
// runWrites), so it has committed by now. A row that
// still commits later, below the sealed head, is what `npm run audit:verify`
// reports as "inserted after sealing". (SQLite hands out ids under its one
// write lock, in commit order, so there the delay only costs time.)
//
// Statements go through lib/data/sql.ts, as the hot path's do: the sealer
// runs beside it on the same connection or pool, and sealing and verifying
// must read a row exactly alike.

/** The previous hash of the first row ever sealed. */
export const GENESIS_HASH = "0".repeat(64);

export const SETTLE_MS = 2000;
const TICK_MS = 1000;
const BATCH = 2000;

/** PostgreSQL advisory lock held by whoever appends to or prunes the chain, so several processes keep one chain. */
export const CHAIN_LOCK = 7_412_020_001;

const COLUMNS = [
  "id",
  "at",
  "actorType",
  "actor",
  "ip",
  "action",
  "result",
  "target",
  "sdkAppId",
  "code",
  "details",
  "count",
  "lastAt",
] as const;

/** An audit row as the driver returns it (lib/data/sql.ts), which is all the chain ever hashes. */
export type ChainRow = Record<(typeof COLUMNS)[number], unknown> & { id: number };

/** Audit rows with after < id ≤ through, in id order. */
export const chainRows = (after: number, through: number, limit: number) =>
  Prisma.sql`SELECT ${Prisma.raw(COLUMNS.map((column) => `"${column}"`).join(", "))} FROM "AuditEvent" WHERE "id" > ${after} AND "id" <= ${through} ORDER BY "id" LIMIT ${limit}`;

// A timestamp that does not parse (someone wrote garbage into it) is hashed as
// its text, so it fails verification instead of stopping it.
function iso(value: unknown): string | null {
  const date = readDate(value);
  return date === null ? null : Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

export function auditHash(row: ChainRow, previousHash: string): string {
  const fields = COLUMNS.map((column) =>
    column === "at" || column === "lastAt" ? iso(row[column]) : (row[column] ?? null),
  );
  return createHash("sha256")
    .update(JSON.stringify([...fields, previousHash]))
    .digest("hex");
}

type ChainState = { top: number; head: number; hash: string };

/** The newest audit row's id, and the newest seal (the head). */
async function chainState(): Promise<ChainState> {
  const [row] = await queryRows<{ top: unknown; head: unknown; hash: string | null }>(
    Prisma.sql`SELECT (SELECT max("id") FROM "AuditEvent") AS "top", (SELECT max("eventId") FROM "AuditSeal") AS "head", (SELECT "hash" FROM "AuditSeal" ORDER BY "eventId" DESC LIMIT 1) AS "hash"`,
  );
  return { top: Number(row?.top ?? 0), head: Number(row?.head ?? 0), hash: row?.hash ?? GENESIS_HASH };
}

/**
 * Seals the rows after the head up to `through` (at most BATCH); returns how
 * many. The rows are read outside the transaction, so the INSERT only lands
 * if the head is still the one they were chained to: another process that
 * sealed first makes it insert nothing. The lock (PostgreSQL) or the write
 * transaction (SQLite, BEGIN IMMEDIATE) makes that check and the insert one step.
 */
async function sealBatch(state: ChainState, through: number): Promise<number> {
  const rows = await queryRows<ChainRow>(chainRows(state.head, through, BATCH));
  if (rows.length === 0) return 0;
  let previous = { id: state.head, hash: state.hash };
  const seals = rows.map((row) => {
    const seal = [row.id, previous.id, auditHash(row, previous.hash)] as const;
    previous = { id: row.id, hash: seal[2] };
    return seal;
  });
  // One JSON parameter, so the statement's text (and its prepared statement) is the same for any batch size.
  const json = JSON.stringify(seals);
  const sealedAt = sqlDate(new Date());
  const headIsStill = Prisma.sql`(SELECT coalesce(max("eventId"), 0) FROM "AuditSeal") = ${state.head}`;
  const insert = isSqlite()
    ? Prisma.sql`INSERT INTO "AuditSeal" ("eventId", "prevId", "hash", "sealedAt") SELECT "value" ->> 0, "value" ->> 1, "value" ->> 2, ${sealedAt} FROM json_each(${json}) WHERE ${headIsStill} RETURNING "eventId"`
    : Prisma.sql`INSERT INTO "AuditSeal" ("eventId", "prevId", "hash", "sealedAt") SELECT (s ->> 0)::int, (s ->> 1)::int, s ->> 2, ${sealedAt}::timestamp FROM jsonb_array_elements(${json}::jsonb) AS s WHERE ${headIsStill} RETURNING "eventId"`;
  const results = await runTransaction(
    isSqlite() ? [insert] : [Prisma.sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`, insert],
  );
  return results[results.length - 1]!.length;
}

// What this process saw: the newest row id at each tick, for the settle delay.
type Sealer = {
  timer?: NodeJS.Timeout;
  busy: boolean;
  lastWrite: number;
  seen: { at: number; top: number }[];
  lastError?: string;
};
// On globalThis, so a process whose bundles load this module twice still runs one sealer.
const globalForSealer = globalThis as unknown as { tesseraAuditSealer?: Sealer };
const sealer = (globalForSealer.tesseraAuditSealer ??= { busy: false, lastWrite: 0, seen: [] });

/**
 * One pass: seals every row up to the newest id seen at least `settleMs` ago.
 * Returns how many rows it sealed and whether any is still waiting.
 */
export async function sealPending(settleMs = SETTLE_MS): Promise<{ sealed: number; waiting: boolean }> {
  let state = await chainState();
  // Taken after the read: every id up to `top` was handed out before this moment.
  const now = Date.now();
  const seen = sealer.seen;
  seen.push({ at: now, top: state.top });
  while (seen.length > 1 && seen[1]!.at <= now - settleMs) seen.shift();
  const through = seen[0]!.at <= now - settleMs ? seen[0]!.top : 0;
  let sealed = 0;
  while (state.head < through) {
    const count = await sealBatch(state, through);
    if (count === 0) break;
    sealed += count;
    state = await chainState();
  }
  return { sealed, waiting: state.top > state.head };
}

/**
 * Runs the sealer in this process, every TICK_MS, until nothing waits and
 * this process has not written for a while; every audit write calls it
 * (lib/data/audit.ts). It stops when idle because its queries would keep the
 * pg pool's connections, and so a script or test process, alive.
 */
export function startSealer(): void {
  sealer.lastWrite = Date.now();
  // The timer does not keep a process alive: a server stays up anyway, and a script may end.
  sealer.timer ??= setInterval(() => void tick(), TICK_MS).unref();
}

async function tick(): Promise<void> {
  if (sealer.busy) return;
  sealer.busy = true;
  try {
    const { waiting } = await sealPending();
    sealer.lastError = undefined;
    // A write started this long ago has committed (the settle delay's assumption, with room), so its row was seen.
    if (!waiting && Date.now() - sealer.lastWrite > 2 * SETTLE_MS + TICK_MS) stop();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Once per kind of failure, not every second; the next write starts it again.
    if (message !== sealer.lastError)
      logRetriedFailure("audit sealer", "audit: sealing failed; retried on the next audit write", error);
    sealer.lastError = message;
    stop();
  } finally {
    sealer.busy = false;
  }
}

function stop(): void {
  clearInterval(sealer.timer);
  sealer.timer = undefined;
}
