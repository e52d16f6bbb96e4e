// The browser's half of the CSV import (components/accounts/csv-import.ts),
// run here on Node's own Blob streams with a stand-in for the server action:
// the row cap, chunks under the action's limits, progress, duplicates across
// chunks, the bounded problem list, and a failing chunk reported by its rows.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type ChunkResult,
  type ImportProgress,
  SHOWN_ERRORS,
  SeenUserIds,
  countRows,
  importCsv,
} from "@/components/accounts/csv-import";
import { IMPORT_CHUNK_ROWS, MAX_IMPORT_ROWS, importChunkSchema } from "@/lib/validations/accounts";
import { MAX_SERVER_ACTION_BYTES } from "@/lib/validations/limits";
import type { ImportChunkRow } from "@/lib/validations/accounts";

const csvOf = (lines: string[]) => new Blob([lines.join("\n")]);
const users = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => `user_${from + i},${from + i},Nick,`);

/** A server stand-in: accepts every row it has not seen, as the real one does, and records what it was sent. */
function fakeServer() {
  const stored = new Set<string>();
  const chunks: ImportChunkRow[][] = [];
  const send = async (rows: ImportChunkRow[]): Promise<ChunkResult> => {
    chunks.push(rows);
    const errors = [];
    let imported = 0;
    for (const row of rows) {
      if (stored.has(row.userId)) errors.push({ row: row.row, userId: row.userId, message: "Already exists." });
      else {
        stored.add(row.userId);
        imported++;
      }
    }
    return { ok: true, data: { imported, errors } };
  };
  return { stored, chunks, send };
}

test("the cap: 1,000,000 rows, refused as a whole above it before anything is sent", async () => {
  assert.equal(MAX_IMPORT_ROWS, 1_000_000);
  const header = "userId,externalId,nickname,faceUrl\n";
  // Rows of one character keep the file small; counting reads it as a stream.
  const rows = (count: number) => new Blob([header, "a\n".repeat(count)]);
  assert.equal(await countRows(rows(MAX_IMPORT_ROWS)), MAX_IMPORT_ROWS);
  const server = fakeServer();
  const over = await importCsv(rows(MAX_IMPORT_ROWS + 1), server.send, () => {});
  assert.deepEqual(over, { fileError: "The file has 1,000,001 rows; import at most 1,000,000 at a time." });
  assert.equal(server.chunks.length, 0);
  assert.deepEqual(await importCsv(new Blob(["userId\n\n  \n"]), server.send, () => {}), {
    fileError: "The file has no rows.",
  });
  // The server takes no chunk above the chunk size either.
  const big = {
    sdkAppId: 1400000000,
    rows: Array.from({ length: IMPORT_CHUNK_ROWS + 1 }, (_, i) => ({ row: i + 1, userId: `u${i}` })),
  };
  assert.equal(importChunkSchema.safeParse(big).success, false);
  assert.equal(importChunkSchema.safeParse({ ...big, rows: big.rows.slice(1) }).success, true);
});

test("25,000 rows go in chunks under both limits, with progress after each; repeats across chunks are caught", async () => {
  const lines = ["userId,externalId,nickname,faceUrl", ...users(25_000)];
  lines[20_001] = "user_3,dup,,"; // row 20,002 repeats row 5
  lines[12_001] = "bad id,,,";
  const server = fakeServer();
  const seen: ImportProgress[] = [];
  const outcome = await importCsv(csvOf(lines), server.send, (p) => seen.push(p));
  assert.ok("progress" in outcome);
  const { progress } = outcome;
  assert.equal(progress.total, 25_000);
  assert.equal(progress.done, 25_000);
  assert.equal(progress.imported, 24_998);
  assert.equal(progress.rejected, 2);
  assert.deepEqual(progress.errors, [
    { row: 12_002, userId: "bad id", message: progress.errors[0]!.message },
    { row: 20_002, userId: "user_3", message: "Duplicate of row 5." },
  ]);
  assert.match(progress.errors[0]!.message, /space/);
  assert.equal(server.chunks.length, Math.ceil(25_000 / IMPORT_CHUNK_ROWS));
  for (const chunk of server.chunks) {
    assert.ok(chunk.length <= IMPORT_CHUNK_ROWS);
    assert.ok(JSON.stringify(chunk).length < MAX_SERVER_ACTION_BYTES);
  }
  // Row numbers are the file's, header included.
  assert.equal(server.chunks[0]![0]!.row, 2);
  const done = seen.map((p) => p.done);
  assert.deepEqual(
    done,
    [...done].sort((a, b) => a - b),
  );
  assert.equal(done[0], 0);
  assert.ok(seen.length >= server.chunks.length + 1);
  assert.ok(seen.at(-1)!.finished);
});

test("chunks stay under the action's body limit when the rows are long", async () => {
  const long = "é".repeat(100);
  const lines = Array.from(
    { length: 6000 },
    (_, i) => `u${i},${"1".repeat(128)},${long},https://example.com/${"a".repeat(400)}`,
  );
  const server = fakeServer();
  await importCsv(csvOf(lines), server.send, () => {});
  assert.ok(server.chunks.length > 2);
  for (const chunk of server.chunks) assert.ok(JSON.stringify(chunk).length * 1.2 < MAX_SERVER_ACTION_BYTES);
  assert.equal(server.stored.size, 6000);
});

test("the problem list keeps the first 1,000 in row order and counts the rest; a second run imports nothing", async () => {
  const lines = users(12_000);
  const server = fakeServer();
  await importCsv(csvOf(lines), server.send, () => {});
  const again = await importCsv(csvOf(lines), server.send, () => {});
  assert.ok("progress" in again);
  assert.equal(again.progress.imported, 0);
  assert.equal(again.progress.rejected, 12_000);
  assert.equal(again.progress.errors.length, SHOWN_ERRORS);
  assert.deepEqual(
    again.progress.errors.map((e) => e.row),
    Array.from({ length: SHOWN_ERRORS }, (_, i) => i + 1),
  );
});

test("a file of bad rows sends nothing and reports them all", async () => {
  const server = fakeServer();
  const outcome = await importCsv(
    csvOf(Array.from({ length: 12_000 }, (_, i) => `bad id ${i}`)),
    server.send,
    () => {},
  );
  assert.ok("progress" in outcome);
  assert.equal(outcome.progress.rejected, 12_000);
  assert.equal(outcome.progress.errors.length, SHOWN_ERRORS);
  assert.equal(outcome.progress.done, 12_000);
  assert.equal(server.chunks.length, 0);
});

test("a chunk that fails is named by its rows and stops the import; an unreachable server is tried twice", async () => {
  const server = fakeServer();
  let calls = 0;
  const flaky = async (rows: ImportChunkRow[]): Promise<ChunkResult> => {
    calls++;
    if (calls === 2) throw new Error("network");
    if (calls >= 4) return { ok: false, error: "You do not have permission." };
    return server.send(rows);
  };
  const outcome = await importCsv(csvOf(users(4 * IMPORT_CHUNK_ROWS)), flaky, () => {});
  assert.ok("progress" in outcome);
  assert.equal(outcome.progress.imported, 2 * IMPORT_CHUNK_ROWS);
  assert.equal(outcome.progress.done, 2 * IMPORT_CHUNK_ROWS);
  assert.equal(
    outcome.progress.failure,
    "Rows 10,001 to 15,000 were not imported: You do not have permission. The rows before them were imported and the rest of the file was not sent; importing the same file again skips the accounts that exist.",
  );
});

test("the UserID table finds repeats and keeps different UserIDs apart", () => {
  const seen = new SeenUserIds(50_000);
  for (let i = 0; i < 50_000; i++) assert.equal(seen.firstRow(`user_${i}`, i + 1), undefined);
  assert.equal(seen.firstRow("user_0", 60_000), 1);
  assert.equal(seen.firstRow("user_49999", 60_001), 50_000);
});
