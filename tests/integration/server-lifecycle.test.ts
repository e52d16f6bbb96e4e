// Tessera's own server as an operator runs it: shut down gracefully under
// load, API-only nodes, and several worker processes sharing the port. The
// servers here are this file's own, on a database of its own (SQLite or
// PostgreSQL, as the pass), so no other server's jobs do their work.
import "../support/own-database";
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { type Receiver, startReceiver } from "../support/callback-receiver";
import { startServer, type TestServer } from "../support/server";
import { call, db, freshIp, newApp, sleep, userSigFor } from "./api-helpers";

const { setCallbackConfig } = await import("@/lib/data/callback-config");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { ATTEMPT_POLICIES } = await import("@/lib/api/auth/ticket-attempt");

const started: TestServer[] = [];
const receivers: Receiver[] = [];
after(async () => {
  await Promise.all(started.map((server) => server.stop()));
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

async function serve(options: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const server = await startServer({
    databaseUrl: process.env.DATABASE_URL,
    distDir: process.env.TESSERA_DIST_DIR,
    ...options,
  });
  started.push(server);
  return server;
}

/** An app whose Login events go to a receiver that answers after `delayMs`. */
async function appWithCallbacks(name: string, delayMs: number) {
  const receiver = await startReceiver();
  receivers.push(receiver);
  const sdkAppId = await newApp(name);
  const path = `/${name.replace(/\W/g, "-")}`;
  receiver.answer(path, { status: 200, afterMs: delayMs });
  await setCallbackConfig(SYSTEM_ACTOR, sdkAppId, {
    url: receiver.url(path),
    actions: ["Login"],
    token: "",
    removeToken: false,
  });
  return { sdkAppId, receiver, path };
}

const login = (base: string, sdkAppId: number, userId: string, userSig: string, ip = freshIp()) =>
  call("/api/v1/login", { base, body: { sdkAppId, userId, userSig }, ip });

describe("graceful shutdown", () => {
  test("under load, SIGTERM answers what is in flight: every login answered 200 has its session and audit row, every coalesced repeat is counted, nothing stays claimed, and a restarted server delivers what was pending", async () => {
    const server = await serve();
    // A slow receiver, so deliveries are under way when the signal comes.
    const { sdkAppId, receiver, path } = await appWithCallbacks("Shutdown app", 300);
    const sigs = await Promise.all(Array.from({ length: 400 }, (_, i) => userSigFor(sdkAppId, `leaving_${i}`)));
    const attackerIp = freshIp();
    const answered: { userId: string; status: number }[] = [];
    let rejections = 0;
    let stopping = false;
    let next = 0;
    // Ten clients logging in back to back, and one sending the same bad login over and over.
    const client = async () => {
      while (!stopping && next < sigs.length) {
        const i = next++;
        const reply = await login(server.baseUrl, sdkAppId, `leaving_${i}`, sigs[i]!).catch(() => null);
        if (reply) answered.push({ userId: `leaving_${i}`, status: reply.status });
      }
    };
    const attacker = async () => {
      while (!stopping) {
        const reply = await login(server.baseUrl, sdkAppId, "victim", "not a usersig", attackerIp).catch(() => null);
        if (reply?.status === 400) rejections++;
        // Past the per-client limit the answer is 70050 (429), a rejection of another kind: stay below it.
        if (rejections >= ATTEMPT_POLICIES.pair.limit - 1) return;
        await sleep(20);
      }
    };
    const load = Promise.all([...Array.from({ length: 10 }, client), attacker()]);
    await sleep(1500);
    stopping = true;
    await server.stop();
    await load;
    assert.match(server.output(), /"msg":"stopped"/, "the server said it stopped (exit 0)");

    const ok = answered.filter((reply) => reply.status === 200).map((reply) => reply.userId);
    assert.ok(ok.length >= 20, `only ${ok.length} logins were answered before the signal`);
    const sessions = await db().userSession.findMany({ where: { sdkAppId }, select: { userId: true } });
    const withSession = new Set(sessions.map((row) => row.userId));
    const audited = new Set(
      (await db().auditEvent.findMany({ where: { sdkAppId, action: "login" }, select: { target: true } })).map(
        (row) => row.target,
      ),
    );
    for (const userId of ok) {
      assert.ok(withSession.has(userId), `${userId} was answered 200 but has no session`);
      assert.ok(audited.has(userId), `${userId} was answered 200 but has no audit row`);
    }
    const rows = await db().auditEvent.findMany({ where: { action: "login.reject", ip: attackerIp } });
    assert.equal(
      rows.reduce((sum, row) => sum + row.count, 0),
      rejections,
      "the first rejection's row and the coalesced repeats' count add up to every rejection answered",
    );
    const claimed = await db().callbackDelivery.count({ where: { sdkAppId, claimToken: { not: null } } });
    assert.equal(claimed, 0, "no delivery is left claimed");

    // A new server delivers what was still pending.
    const pending = await db().callbackDelivery.count({ where: { sdkAppId, status: "pending" } });
    await serve();
    const mine = () => new Set(receiver.received.filter((r) => r.path === path).map((r) => r.body.Info.To_Account));
    await receiver.waitFor(() => ok.every((userId) => mine().has(userId)), 60_000, "a Login callback for every login");
    assert.ok(pending >= 0);
  });
});

describe("an API-only node", () => {
  test("serves the machine routes without Next, starts quickly, and answers console paths 404", async () => {
    const begun = Date.now();
    const node = await serve({ apiOnly: true });
    const startup = Date.now() - begun;
    const sdkAppId = await newApp("API-only app");
    const reply = await login(node.baseUrl, sdkAppId, "api_only_user", await userSigFor(sdkAppId, "api_only_user"));
    assert.equal(reply.status, 200, reply.text);
    const session = await call("/api/v1/session", {
      base: node.baseUrl,
      headers: { authorization: `Bearer ${reply.body.token}` },
    });
    assert.equal(session.status, 200, session.text);
    for (const path of ["/sign-in", "/apps", "/api/auth/csrf"]) {
      const page = await call(path, { base: node.baseUrl });
      assert.equal(page.status, 404, `${path}: ${page.status}`);
      assert.match(page.text, /serves the API only/);
    }
    assert.doesNotMatch(node.output(), /next\.config/i, "Next was not loaded");
    assert.ok(startup < 20_000, `started in ${startup} ms (setup included)`);
  });
});

describe("several worker processes", () => {
  test("TESSERA_WORKERS=2: throttles hold across the workers, each callback is delivered once, counts are exact", async () => {
    const node = await serve({ env: { TESSERA_WORKERS: "2" } });
    const { sdkAppId, receiver, path } = await appWithCallbacks("Workers app", 0);

    // The per-client limit counts failures on both workers together (the cluster hands connections out in
    // turn): one after another, the first `limit` are verified and the rest refused. Were each worker
    // counting its own, neither would reach the limit.
    const ip = freshIp();
    const limit = ATTEMPT_POLICIES.client.limit;
    const statuses: number[] = [];
    for (let i = 0; i < limit + 10; i++)
      statuses.push((await login(node.baseUrl, sdkAppId, `guess_${i}`, "bad", ip)).status);
    assert.deepEqual(statuses, [...Array(limit).fill(400), ...Array(10).fill(429)]);

    const count = 200;
    const sigs = await Promise.all(Array.from({ length: count }, (_, i) => userSigFor(sdkAppId, `worker_user_${i}`)));
    const replies = await Promise.all(sigs.map((sig, i) => login(node.baseUrl, sdkAppId, `worker_user_${i}`, sig)));
    assert.deepEqual(
      replies.filter((reply) => reply.status !== 200).map((reply) => reply.text),
      [],
    );
    assert.equal(await db().userSession.count({ where: { sdkAppId } }), count);
    assert.equal(await db().auditEvent.count({ where: { sdkAppId, action: "login" } }), count);
    await receiver.waitFor((received) => received.filter((r) => r.path === path).length >= count, 30_000);
    // Both workers poll the one outbox: wait for a second copy that must not come.
    await sleep(2000);
    const logins = receiver.received.filter((r) => r.path === path).map((r) => r.body.Info.To_Account);
    assert.equal(logins.length, count, "each Login callback delivered once");
    assert.equal(new Set(logins).size, count);
  });
});
