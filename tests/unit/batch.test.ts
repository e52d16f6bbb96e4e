import assert from "node:assert/strict";
import { test } from "node:test";
import { batched } from "@/lib/data/batch";

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
