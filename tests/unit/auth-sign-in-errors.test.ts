// The sign-in form never shows an internal error (issue 19, 4.3): what the
// credentials provider's authorize (lib/auth/credentials.ts) throws reaches
// anonymous visitors through next-auth's `?error=`, so only expected errors
// keep their message.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
// The mark the server preload leaves (lib/client-ip.ts refuses to run without it).
(globalThis as Record<symbol, unknown>)[Symbol.for("tessera.peer-address")] = true;
const { db } = await import("@/lib/db");
const { checkCredentials } = await import("@/lib/auth/credentials");
const { GENERIC_ERROR_MESSAGE } = await import("@/lib/errors");

const PASSWORD = "a password that must never be logged";
const signIn = (email: string, password = PASSWORD) =>
  checkCredentials({ email, password }, { "x-forwarded-for": "127.0.0.7" });

/** Runs `body`, returning what it wrote with console.error. */
async function errorLog(body: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  try {
    await body();
  } finally {
    console.error = original;
  }
  return lines.join("\n");
}

describe("sign-in errors", () => {
  test("an expected error (too long an email) keeps its message", async () => {
    await assert.rejects(signIn(`${"x".repeat(300)}@tessera.test`), /longer than 254 characters/);
  });

  test("a database failure is shown as the generic message and logged with its detail, never the password", async () => {
    // A database error names internals (here a table; in production a host such as db.internal:5432).
    await db().$executeRawUnsafe(`DROP TABLE "Throttle"`);
    const log = await errorLog(async () => {
      await assert.rejects(signIn("someone@tessera.test"), (error: Error) => {
        assert.equal(error.message, GENERIC_ERROR_MESSAGE);
        return true;
      });
    });
    assert.match(log, /sign-in failed/i);
    assert.match(log, /Throttle/, "the operator's log has the detail");
    assert.doesNotMatch(log, new RegExp(PASSWORD));
  });
});
