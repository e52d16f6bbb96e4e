// The REST frequency limit's shared count (lib/data/rest-calls.ts) on
// whichever database this pass uses.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { countRestCall, countRestCalls } = await import("@/lib/data/rest-calls");
const { purgeExpired } = await import("@/lib/data/throttle");
const { db } = await import("@/lib/db");

const second = (n: number) => new Date(Date.UTC(2026, 10, 30, 5, 0, n, 250));

describe("REST call counts", () => {
  test("concurrent calls share statements and each gets its own ordinal in the second", async () => {
    const ordinals = await Promise.all(Array.from({ length: 50 }, () => countRestCall(1400000101)));
    // A second boundary may fall within the burst: then the count starts again at 1.
    const restarts = ordinals.filter((ordinal, i) => i > 0 && ordinal <= ordinals[i - 1]!).length;
    if (restarts === 0)
      assert.deepEqual(
        ordinals,
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
    else assert.equal(restarts, 1, `${ordinals}`);
  });

  test("a later second starts the count again; an earlier one counts into the later window", async () => {
    const app = 1400000102;
    assert.deepEqual(await countRestCalls(new Map([[app, 3]]), second(1)), new Map([[app, 3]]));
    assert.deepEqual(await countRestCalls(new Map([[app, 2]]), second(1)), new Map([[app, 5]]));
    assert.deepEqual(await countRestCalls(new Map([[app, 1]]), second(2)), new Map([[app, 1]]));
    // A process whose clock is behind does not reset the newer second.
    assert.deepEqual(await countRestCalls(new Map([[app, 4]]), second(1)), new Map([[app, 5]]));
    const row = await db().throttle.findUniqueOrThrow({ where: { key: `rest:${app}` } });
    assert.equal(row.windowStart.getTime(), second(2).getTime() - 250);
    assert.equal(row.expiresAt.getTime(), second(4).getTime() - 250);
  });

  test("several apps in one statement keep their own counts, and finished windows are purged", async () => {
    const [one, two] = [1400000103, 1400000104];
    assert.deepEqual(
      await countRestCalls(
        new Map([
          [one, 2],
          [two, 7],
        ]),
        second(10),
      ),
      new Map([
        [one, 2],
        [two, 7],
      ]),
    );
    assert.deepEqual(
      await countRestCalls(
        new Map([
          [two, 1],
          [one, 1],
        ]),
        second(10),
      ),
      new Map([
        [two, 8],
        [one, 3],
      ]),
    );
    await purgeExpired(second(13));
    assert.equal(await db().throttle.count({ where: { key: { in: [`rest:${one}`, `rest:${two}`] } } }), 0);
  });
});
