// Failures are logged by the error's name and code with the request id,
// never with the error's message or values: a database error can echo the
// statement's arguments, and those can be UserSigs, tokens or keys.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

const { errorSummary } = await import("@/lib/log");

const SECRET = "eJwtjNEKgjAYRt-lvy1kc3PTQXd1EYgkSlB3I1f8Nc3mTCl690C9POd8fF8o0yJ4GwcKwoDA";

test("an error is summarised by its name and code, never its message", () => {
  const error = Object.assign(new Error(`duplicate key value violates unique constraint: (usersig)=(${SECRET})`), {
    code: "23505",
  });
  assert.deepEqual(errorSummary(error), { name: "Error", code: "23505" });
  assert.deepEqual(errorSummary("a thrown string"), { name: "string" });
});

test("logFailure's line has the name, the code and the request id, and none of the error's values", () => {
  const script = `
    const { logFailure } = await import("@/lib/log");
    logFailure("REST request failed", Object.assign(new Error("value ${SECRET}"), { code: "SQLITE_CONSTRAINT" }), "abc123");
  `;
  const run = spawnSync(process.execPath, [...process.execArgv, "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  const line = JSON.parse(run.stdout.trim()) as Record<string, unknown>;
  assert.equal(line.msg, "REST request failed");
  assert.equal(line.requestId, "abc123");
  assert.deepEqual(line.err, { name: "Error", code: "SQLITE_CONSTRAINT" });
  assert.doesNotMatch(run.stdout, new RegExp(SECRET));
});

test("fields named as secrets are redacted to four levels deep, in objects and arrays; an object holding none is passed as it is", async () => {
  const { redacted } = await import("@/lib/log");
  const clean = { requestId: "abc", route: "/api/v1/login", status: 200 };
  assert.equal(redacted(clean), clean);
  const dirty = { usersig: SECRET, body: { userSig: SECRET, list: [{ token: SECRET }] }, ok: true };
  const out = redacted(dirty);
  assert.doesNotMatch(JSON.stringify(out), new RegExp(SECRET));
  assert.deepEqual(out, {
    usersig: "[redacted]",
    body: { userSig: "[redacted]", list: [{ token: "[redacted]" }] },
    ok: true,
  });
  assert.equal(dirty.usersig, SECRET, "the logged object itself is left as it was");
});
