// The last active owner cannot be demoted or disabled, even when two owners
// demote or disable each other at the same moment (issue 19, 4.5), on
// whichever database this pass uses. On PostgreSQL each update runs on a
// connection of its own, so without serialization both saw the other still
// an owner and both went ahead.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { db } = await import("@/lib/db");
const { updateOperator } = await import("@/lib/data/operators");
const { ValidationError } = await import("@/lib/errors");

const ROUNDS = 20;

/** Two active owners and nobody else who is one; returns their ids and emails. */
async function twoOwners(): Promise<{ id: string; email: string }[]> {
  await db().operator.updateMany({ where: { role: "owner" }, data: { role: "viewer" } });
  const tag = randomBytes(4).toString("hex");
  return Promise.all(
    ["a", "b"].map((name) =>
      db().operator.create({
        data: { email: `${name}-${tag}@tessera.test`, passwordHash: "unused", role: "owner" },
        select: { id: true, email: true },
      }),
    ),
  );
}

const activeOwners = () => db().operator.count({ where: { role: "owner", disabled: false } });
const actorOf = (owner: { email: string }) => ({ type: "operator" as const, id: owner.email });

describe("last owner", () => {
  test("two owners demoting each other at once: one change goes through, the other is refused", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = await twoOwners();
      const outcomes = await Promise.allSettled([
        updateOperator(actorOf(b!), a!.id, { role: "admin" }),
        updateOperator(actorOf(a!), b!.id, { role: "admin" }),
      ]);
      assert.equal(await activeOwners(), 1, `round ${round}: one active owner is left`);
      const refused = outcomes.filter((outcome) => outcome.status === "rejected");
      assert.equal(refused.length, 1, `round ${round}`);
      assert.ok((refused[0] as PromiseRejectedResult).reason instanceof ValidationError);
    }
  });

  test("two owners disabling each other at once, or one demoting while the other disables: never zero owners", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = await twoOwners();
      const outcomes = await Promise.allSettled([
        updateOperator(actorOf(b!), a!.id, { disabled: true }),
        updateOperator(actorOf(a!), b!.id, round % 2 === 0 ? { disabled: true } : { role: "developer" }),
      ]);
      assert.equal(await activeOwners(), 1, `round ${round}: one active owner is left`);
      assert.equal(outcomes.filter((outcome) => outcome.status === "rejected").length, 1, `round ${round}`);
    }
  });
});
