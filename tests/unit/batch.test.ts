import assert from "node:assert/strict";
import { test } from "node:test";
import { batched, MAX_BATCH } from "@/lib/data/batch";

test("concurrent calls share one run; a failing batch is retried member by member so only the bad one fails", async () => {
  const runs: number[][] = [];
  const double = batched(async (keys: number[]) => {
    runs.push(keys);
    if (keys.includes(-1)) throw new Error("the database refused the statement");
    return keys.map((key) => key * 2);
  });
  const results = await Promise.allSettled([1, 2, -1, 3].map(double));
  assert.deepEqual(
    results.map((result) => (result.status === "fulfilled" ? result.value : "failed")),
    [2, 4, "failed", 6],
  );
  assert.deepEqual(runs, [[1, 2, -1, 3], [1], [2], [-1], [3]]);
});

test("a burst makes several batches of at most MAX_BATCH calls each, answered in order", async () => {
  const sizes: number[] = [];
  const double = batched(async (keys: number[]) => {
    sizes.push(keys.length);
    return keys.map((key) => key * 2);
  });
  const burst = 2 * MAX_BATCH + 10;
  const results = await Promise.all(Array.from({ length: burst }, (_, i) => double(i)));
  assert.deepEqual(
    results,
    Array.from({ length: burst }, (_, i) => i * 2),
  );
  assert.deepEqual(sizes, [MAX_BATCH, MAX_BATCH, 10]);
});
