// Killing the server in the middle of a delivery loses nothing: the event
// waits in the database and goes out after the restart, with no new traffic
// to wake anything up. The server here is one of this test's own, on a
// database of its own, so no other process can deliver the event meanwhile.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { type Receiver, startReceiver } from "../support/callback-receiver";
import { startServer, type TestServer } from "../support/server";
import { createTestDatabase } from "../support/test-database";
import { TEST_OWNER } from "../support/test-env";
import { call, consoleSignIn } from "./api-helpers";
import { runAction } from "./console-actions";

let receiver: Receiver;
let server: TestServer | undefined;

before(async () => {
  receiver = await startReceiver();
});

after(async () => {
  await server?.stop();
  await receiver.close();
});

/** The data of an action's result on the server at `base`, failing on a refusal. */
async function act<T>(base: string, cookie: string, name: string, input: unknown, sdkAppId: number): Promise<T> {
  const reply = await runAction(cookie, name, input, sdkAppId, base);
  const match = /\{"ok":(true|false).*\}/.exec(reply.text);
  assert.ok(match, `no action result in ${reply.text.slice(0, 300)}`);
  const result = JSON.parse(match[0]) as { ok: boolean; data: T; error?: string };
  assert.ok(result.ok, result.error);
  return result.data;
}

/** SIGKILL, not a graceful stop: the process group of the server listening at `baseUrl` (this test started it). */
function killHard(baseUrl: string): void {
  const port = new URL(baseUrl).port;
  const listening = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(listening)?.[1];
  assert.ok(pid, `no process listens on ${port}: ${listening}`);
  const group = Number(execFileSync("ps", ["-o", "pgid=", "-p", pid], { encoding: "utf8" }).trim());
  process.kill(-group, "SIGKILL");
}

describe("state callbacks across a restart", () => {
  test("a delivery cut off by killing the server arrives after the restart", async () => {
    const databaseUrl = await createTestDatabase();
    const start = () => startServer({ databaseUrl, distDir: process.env.TESSERA_DIST_DIR });
    server = await start();
    const signIn = await consoleSignIn(TEST_OWNER.email, TEST_OWNER.password, { base: server.baseUrl });
    assert.ok(signIn.session);
    const cookie = signIn.session;
    const { sdkAppId } = await act<{ sdkAppId: number }>(
      server.baseUrl,
      cookie,
      "createAppAction",
      { name: "Restart" },
      0,
    );
    const { ticket } = await act<{ ticket: string }>(
      server.baseUrl,
      cookie,
      "generateUserSigAction",
      { sdkAppId, userId: "survivor", expire: 3600 },
      sdkAppId,
    );
    receiver.answer("/restart", "hang");
    await act(
      server.baseUrl,
      cookie,
      "setCallbackAction",
      { sdkAppId, url: receiver.url("/restart"), actions: ["Login"] },
      sdkAppId,
    );

    const login = await call("/api/v1/login", {
      base: server.baseUrl,
      body: { sdkAppId, userId: "survivor", userSig: ticket },
    });
    assert.equal(login.status, 200, login.text);
    const [inFlight] = await receiver.waitFor((r) => r.length >= 1, 10_000, "the first attempt");
    assert.equal(inFlight!.answered, undefined, "the receiver holds the request open");
    // Killed while its request waits for an answer: the claim dies with the process.
    killHard(server.baseUrl);
    await server.stop();
    server = undefined;
    const killedAt = Date.now();
    await receiver.waitFor(() => inFlight!.endedAt !== undefined, 5000, "the cut connection");
    assert.ok(inFlight!.endedAt! - inFlight!.at < 1900, "cut by the kill, not by the 2 s timeout");
    receiver.answer("/restart", 200);

    server = await start();
    // Nothing is sent to the new server: its worker starts with it, and takes the event once the dead claim's lease ends.
    const got = await receiver.waitFor((r) => r.some((x) => x.answered === 200), 40_000, "the event after the restart");
    const delivered = got.find((x) => x.answered === 200)!;
    assert.ok(delivered.at > killedAt, "it came from the restarted server");
    assert.equal(delivered.raw, inFlight!.raw, "the same event");
    assert.equal(delivered.body.Info.To_Account, "survivor");
    assert.equal(got.filter((x) => x.answered === 200).length, 1);
  });
});
