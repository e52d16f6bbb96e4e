// State-change callbacks' data layer on whichever database this pass uses:
// which events are queued by which change, in the change's own transaction;
// the expiry sweep; the outbox's claims (one per user at a time, leased,
// never the same row to two claimers); back-off, giving up, resending; and
// the token kept encrypted and out of the audit trail.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { db } = await import("@/lib/db");
const { createApp } = await import("@/lib/data/apps");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { primaryKey } = await import("@/lib/data/keys");
const { createSession, endSession, findSession } = await import("@/lib/data/sessions");
const { checkTicket } = await import("@/lib/data/ticket-check");
const { sigHash } = await import("@/lib/data/ledger");
const { deleteAccounts, invalidateLogin } = await import("@/lib/data/accounts");
const { revokeTickets } = await import("@/lib/data/revocations");
const { callbackTargets, getCallbackConfig, removeCallbackConfig, rewrapCallbackTokens, setCallbackConfig } =
  await import("@/lib/data/callback-config");
const {
  claimDeliveries,
  completeDelivery,
  listDeliveries,
  queueStateChanges,
  releaseDeliveries,
  resendDelivery,
  RETRY_FOR_MS,
  retryDelayMs,
} = await import("@/lib/data/callback-outbox");
const { ValidationError } = await import("@/lib/errors");
const { LATE_WINDOW_MS, sweepSessionEnds } = await import("@/lib/data/session-ends");
const { callbackSign, stateChangeBody, stateChangeUrl } = await import("@/lib/callbacks/state-change");
const { decodeUserSig, genUserSig } = await import("@/lib/usersig");

const operator = { type: "operator" as const, id: "ops@tessera.test", ip: "10.0.0.9" };
const ALL = ["Login", "Logout", "Disconnect"] as const;

async function appWithCallback(name: string, actions: ("Login" | "Logout" | "Disconnect")[] = [...ALL], token = "") {
  const { sdkAppId } = await createApp(SYSTEM_ACTOR, name);
  await setCallbackConfig(operator, sdkAppId, {
    url: "http://127.0.0.1:9/callback",
    actions,
    token,
    removeToken: false,
  });
  return sdkAppId;
}

/** A login as lib/api/services/login.ts does it: the check says whether the app reports logins. */
async function login(
  sdkAppId: number,
  userId: string,
  options: { expire?: number; now?: Date; platform?: string; ip?: string } = {},
) {
  const { key } = await primaryKey(sdkAppId);
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const ticket = genUserSig({ sdkAppId, key, userId, expire: options.expire ?? 3600, now: nowSeconds });
  const check = await checkTicket({ sdkAppId, userId, ticket, now: nowSeconds });
  assert.ok(check.ok, JSON.stringify(check));
  const session = await createSession({
    actor: { type: "user", id: userId, ip: options.ip ?? "192.0.2.1" },
    platform: options.platform ?? "Android",
    sdkAppId,
    userId,
    ticketExpiresAt: check.expiresAt,
    keyVersion: check.keyVersion,
    sigHash: check.sigHash,
    accountExists: check.accountExists,
    reportLogin: check.callbackActions.includes("Login"),
    now: options.now,
  });
  return { ...session, ticket };
}

const events = async (sdkAppId: number) =>
  (await db().callbackDelivery.findMany({ where: { sdkAppId }, orderBy: { id: "asc" } })).map(
    (row) => `${row.userId}:${row.action}/${row.reason}`,
  );

/** Marks every waiting delivery delivered, so a claim test sees only its own rows. */
const settleAll = () =>
  db().callbackDelivery.updateMany({
    where: { status: "pending" },
    data: { status: "delivered", claimedUntil: null, claimToken: null },
  });

/** Queues `count` logins of distinct users of the app, as a login's transaction does. */
async function queue(sdkAppId: number, count: number, prefix: string) {
  await db().$transaction((tx) =>
    queueStateChanges(
      tx,
      Array.from({ length: count }, (_, i) => ({
        sdkAppId,
        userId: `${prefix}${i}`,
        reason: "Register" as const,
        eventTime: new Date(),
        clientIp: "192.0.2.1",
        platform: "Web",
      })),
    ),
  );
}

describe("state callbacks: what is queued", () => {
  test("login, logout, kick, revocation and account deletion each queue their event in their own transaction", async () => {
    const sdkAppId = await appWithCallback("Callbacks events");
    const a = await login(sdkAppId, "alice", { platform: "iPhone", ip: "192.0.2.10" });
    const [first] = await db().callbackDelivery.findMany({ where: { sdkAppId } });
    assert.deepEqual(
      {
        userId: first!.userId,
        action: first!.action,
        reason: first!.reason,
        clientIp: first!.clientIp,
        platform: first!.platform,
        status: first!.status,
        attempts: first!.attempts,
      },
      {
        userId: "alice",
        action: "Login",
        reason: "Register",
        clientIp: "192.0.2.10",
        platform: "iPhone",
        status: "pending",
        attempts: 0,
      },
    );
    const session = await db().userSession.findFirstOrThrow({ where: { sdkAppId, userId: "alice" } });
    assert.equal(first!.eventTime.getTime(), session.createdAt.getTime(), "EventTime is the login's time");

    assert.equal(await endSession({ type: "user", id: "alice", ip: "192.0.2.11" }, a.token), true);
    assert.equal(
      await endSession({ type: "user", id: "alice", ip: "192.0.2.11" }, a.token),
      false,
      "a second logout reports nothing",
    );
    const logout = await db().callbackDelivery.findFirstOrThrow({ where: { sdkAppId, action: "Logout" } });
    assert.deepEqual([logout.reason, logout.clientIp, logout.platform], ["Unregister", "192.0.2.11", "iPhone"]);

    await login(sdkAppId, "bob", { platform: "Web" });
    await login(sdkAppId, "bob", { platform: "PC" });
    await invalidateLogin(operator, sdkAppId, "bob");
    await invalidateLogin(operator, sdkAppId, "bob");

    const carol = await login(sdkAppId, "carol");
    await login(sdkAppId, "carol", { expire: 7200 }); // another UserSig: revoking the first leaves it
    const [revoked] = await revokeTickets(operator, sdkAppId, [carol.ticket]);
    assert.ok(revoked?.ok && revoked.sessionsEnded === 1);
    await revokeTickets(operator, sdkAppId, [carol.ticket]);

    await login(sdkAppId, "dave");
    await deleteAccounts(operator, sdkAppId, ["dave"]);

    assert.deepEqual(await events(sdkAppId), [
      "alice:Login/Register",
      "alice:Logout/Unregister",
      "bob:Login/Register",
      "bob:Login/Register",
      "bob:Disconnect/LinkClose",
      "bob:Disconnect/LinkClose",
      "carol:Login/Register",
      "carol:Login/Register",
      "carol:Disconnect/LinkClose",
      "dave:Login/Register",
      "dave:Disconnect/LinkClose",
    ]);
    const kicked = await db().callbackDelivery.findMany({
      where: { sdkAppId, userId: "bob", action: "Disconnect" },
      orderBy: { id: "asc" },
    });
    assert.deepEqual(
      kicked.map((row) => row.platform),
      ["Web", "PC"],
      "one Disconnect per session, with its own platform",
    );
  });

  test("only the actions the app chose are queued, and apps without a callback queue nothing", async () => {
    const loginsOnly = await appWithCallback("Callbacks logins only", ["Login"]);
    const session = await login(loginsOnly, "u1");
    await endSession({ type: "user", id: "u1", ip: "192.0.2.1" }, session.token);
    await login(loginsOnly, "u2");
    await invalidateLogin(operator, loginsOnly, "u2");
    assert.deepEqual(await events(loginsOnly), ["u1:Login/Register", "u2:Login/Register"]);

    const { sdkAppId: silent } = await createApp(SYSTEM_ACTOR, "Callbacks none");
    const quiet = await login(silent, "q");
    await endSession({ type: "user", id: "q", ip: "192.0.2.1" }, quiet.token);
    assert.deepEqual(await events(silent), []);
  });

  test("a session that runs out is reported once, as TimeOut at its expiry; those that expired before the callback existed are not", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Callbacks expiry");
    const t0 = new Date(Date.now() - 60_000);
    await login(sdkAppId, "old", { expire: 5, now: new Date(t0.getTime() - 30_000) }); // expired before the callback was configured
    await setCallbackConfig(operator, sdkAppId, {
      url: "http://127.0.0.1:9/callback",
      actions: ["Disconnect"],
      token: "",
      removeToken: false,
    });
    const s = await login(sdkAppId, "short", { expire: 5, now: new Date() });
    const session = await db().userSession.findFirstOrThrow({ where: { sdkAppId, userId: "short" } });

    await sweepSessionEnds(new Date(session.expiresAt.getTime() - 1000));
    assert.deepEqual(await events(sdkAppId), [], "not before its expiry");
    await sweepSessionEnds(new Date(session.expiresAt.getTime() + 1000));
    await sweepSessionEnds(new Date(session.expiresAt.getTime() + 2000));
    assert.deepEqual(await events(sdkAppId), ["short:Disconnect/TimeOut"]);
    const timeout = await db().callbackDelivery.findFirstOrThrow({ where: { sdkAppId } });
    assert.equal(timeout.eventTime.getTime(), session.expiresAt.getTime());
    assert.equal(
      await endSession({ type: "user", id: "short", ip: "x" }, s.token, new Date(session.expiresAt.getTime() - 500)),
      false,
      "a session already reported as ended cannot log out",
    );
  });

  test("a login that commits just after a kick or a revocation it raced is reported as ended by the next sweep", async () => {
    const sdkAppId = await appWithCallback("Callbacks late");
    const { key } = await primaryKey(sdkAppId);
    const now = Math.floor(Date.now() / 1000);
    const ticket = genUserSig({ sdkAppId, key, userId: "late", expire: 3600, now: now - 5 });
    const check = await checkTicket({ sdkAppId, userId: "late", ticket });
    assert.ok(check.ok);
    await login(sdkAppId, "late");
    // A kick, and a session verified before it but committed after it, in the same second (findSession's rule).
    const second = Math.floor(Date.now() / 1000) * 1000;
    await invalidateLogin(operator, sdkAppId, "late", new Date(second + 100));
    const late = await createSession({
      actor: operator,
      sdkAppId,
      userId: "late",
      ticketExpiresAt: check.expiresAt,
      keyVersion: 1,
      sigHash: check.sigHash,
      accountExists: true,
      reportLogin: true,
      now: new Date(second + 300),
    });
    assert.deepEqual(await findSession(late.token), { ok: false, problem: "revoked" });

    const other = await login(sdkAppId, "rev");
    const decoded = decodeUserSig(other.ticket);
    assert.ok(decoded.ok);
    await revokeTickets(operator, sdkAppId, [other.ticket]);
    await createSession({
      actor: operator,
      sdkAppId,
      userId: "rev",
      ticketExpiresAt: now + 3600,
      keyVersion: 1,
      sigHash: sigHash(decoded.value.sig),
      accountExists: true,
      reportLogin: true,
    });
    const fine = await login(sdkAppId, "fine");

    await sweepSessionEnds();
    await sweepSessionEnds();
    const all = await events(sdkAppId);
    assert.deepEqual(all.slice(0, 7), [
      "late:Login/Register",
      "late:Disconnect/LinkClose",
      "late:Login/Register",
      "rev:Login/Register",
      "rev:Disconnect/LinkClose",
      "rev:Login/Register",
      "fine:Login/Register",
    ]);
    assert.deepEqual(
      all.slice(7).sort(),
      ["late:Disconnect/LinkClose", "rev:Disconnect/LinkClose"],
      "each late session once",
    );
    assert.ok((await findSession(fine.token)).ok, "a live session is left alone");
    assert.ok(LATE_WINDOW_MS >= 10_000);
  });
});

describe("state callbacks: the outbox", () => {
  test("claims take the earliest waiting event of each user; the next waits until it is delivered or given up", async () => {
    await settleAll();
    const sdkAppId = await appWithCallback("Callbacks order");
    for (const id of ["a", "a", "b"]) await login(sdkAppId, id);
    const a = await db().callbackDelivery.findMany({ where: { sdkAppId, userId: "a" }, orderBy: { id: "asc" } });

    const first = await claimDeliveries(10, 15_000);
    assert.deepEqual(first.map((c) => c.userId).sort(), ["a", "b"]);
    assert.equal(first.find((c) => c.userId === "a")!.id, a[0]!.id);
    assert.deepEqual(await claimDeliveries(10, 15_000), [], "leased rows and the rows behind them are not claimable");

    const now = new Date();
    for (const claim of first) {
      assert.equal(claim.attempts, 1);
      const status = await completeDelivery(
        claim,
        claim.userId === "a"
          ? { ok: false, status: 500, error: "HTTP 500.", latencyMs: 3 }
          : { ok: true, status: 200, latencyMs: 2 },
        now,
      );
      assert.equal(status, claim.userId === "a" ? "pending" : "delivered");
    }
    assert.deepEqual(
      await claimDeliveries(10, 15_000, now),
      [],
      "a's first event waits out its back-off, and a's second waits behind it",
    );
    const retry = await claimDeliveries(10, 15_000, new Date(now.getTime() + retryDelayMs(1)));
    assert.deepEqual(
      retry.map((c) => [c.id, c.attempts]),
      [[a[0]!.id, 2]],
    );
    await completeDelivery(retry[0]!, { ok: true, status: 204, latencyMs: 1 });
    const second = await claimDeliveries(10, 15_000);
    assert.deepEqual(
      second.map((c) => c.id),
      [a[1]!.id],
    );
    await completeDelivery(second[0]!, { ok: true, status: 200, latencyMs: 1 });

    const rows = await db().callbackDelivery.findMany({ where: { sdkAppId }, orderBy: { id: "asc" } });
    assert.deepEqual(
      rows.map((row) => [row.userId, row.status, row.attempts]),
      [
        ["a", "delivered", 2],
        ["a", "delivered", 1],
        ["b", "delivered", 1],
      ],
    );
    assert.equal(rows[0]!.lastStatus, 204);
    assert.equal(rows[0]!.lastError, null);
  });

  test("a lease expires (a crashed worker's claim is taken again) and an outcome from an expired claim is ignored", async () => {
    await settleAll();
    const sdkAppId = await appWithCallback("Callbacks lease");
    await login(sdkAppId, "l");
    const now = new Date();
    const [stale] = await claimDeliveries(10, 1000, now);
    assert.ok(stale);
    assert.deepEqual(await claimDeliveries(10, 1000, new Date(now.getTime() + 500)), []);
    const [again] = await claimDeliveries(10, 1000, new Date(now.getTime() + 1500));
    assert.equal(again?.id, stale.id);
    assert.equal(again?.attempts, 2, "the crashed attempt counts");
    await completeDelivery(stale, { ok: false, status: 500, error: "late", latencyMs: 1 });
    const row = await db().callbackDelivery.findUniqueOrThrow({ where: { id: stale.id } });
    assert.equal(row.claimToken, again!.claimToken, "the stale outcome did not land");
    await completeDelivery(again!, { ok: true, status: 200, latencyMs: 1 });
    assert.equal((await db().callbackDelivery.findUniqueOrThrow({ where: { id: stale.id } })).status, "delivered");
  });

  test("concurrent claimers never get the same row", async () => {
    await settleAll();
    const sdkAppId = await appWithCallback("Callbacks concurrent");
    await Promise.all(Array.from({ length: 60 }, (_, i) => login(sdkAppId, `c${i}`)));
    const seen: number[] = [];
    for (let round = 0; round < 10; round++) {
      const claims = await Promise.all(Array.from({ length: 4 }, () => claimDeliveries(8, 15_000)));
      seen.push(...claims.flat().map((c) => c.id));
    }
    assert.equal(new Set(seen).size, seen.length, "no row was claimed twice");
    assert.equal(seen.length, 60);
  });

  test("retries back off and stop an hour after the first attempt; the delivery is then failed until resent", async () => {
    await settleAll();
    const sdkAppId = await appWithCallback("Callbacks give up");
    await login(sdkAppId, "g");
    let now = new Date();
    const start = now.getTime();
    const delays: number[] = [];
    for (;;) {
      const [claim] = await claimDeliveries(1, 15_000, now);
      assert.ok(claim, `claimable at +${(now.getTime() - start) / 1000} s`);
      const status = await completeDelivery(
        claim,
        { ok: false, status: null, error: "Connection refused.", latencyMs: 1 },
        now,
      );
      if (status === "failed") break;
      const row = await db().callbackDelivery.findUniqueOrThrow({ where: { id: claim.id } });
      delays.push((row.nextAttemptAt.getTime() - now.getTime()) / 1000);
      now = row.nextAttemptAt;
    }
    assert.deepEqual(delays.slice(0, 6), [1, 2, 4, 8, 16, 32]);
    assert.ok(delays.every((delay) => delay <= 300));
    assert.equal(now.getTime() - start, RETRY_FOR_MS, "the last attempt is at the hour");
    const failed = await db().callbackDelivery.findFirstOrThrow({ where: { sdkAppId } });
    assert.deepEqual([failed.status, failed.lastError, failed.lastStatus], ["failed", "Connection refused.", null]);
    assert.deepEqual(await claimDeliveries(1, 15_000, new Date(now.getTime() + 86_400_000)), []);

    await resendDelivery(operator, sdkAppId, failed.id);
    const resent = await db().callbackDelivery.findUniqueOrThrow({ where: { id: failed.id } });
    assert.deepEqual([resent.status, resent.attempts, resent.lastError], ["pending", 0, null]);
    await assert.rejects(resendDelivery(operator, sdkAppId, failed.id), /still being attempted/);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "callback.resend", sdkAppId } });
    assert.deepEqual(JSON.parse(audit.details), {
      delivery: failed.id,
      event: "Login/Register",
      previousStatus: "failed",
      previousAttempts: delays.length + 1,
      previousError: "Connection refused.",
    });
    const [claim] = await claimDeliveries(1, 15_000);
    assert.equal(claim?.id, failed.id);
    await completeDelivery(claim!, { ok: true, status: 200, latencyMs: 1 });
    const { deliveries, pending, failed: failedCount } = await listDeliveries(sdkAppId);
    assert.deepEqual([deliveries[0]!.status, pending, failedCount], ["delivered", 0, 0]);
  });

  test("claims are shared out across applications: one app's backlog never fills a claim", async () => {
    await settleAll();
    const busy = await appWithCallback("Callbacks backlog");
    const quiet = await appWithCallback("Callbacks quiet");
    await queue(busy, 30, "b");
    await queue(quiet, 3, "q");
    const apps = (claims: { sdkAppId: number }[]) =>
      claims.reduce(
        (count, claim) => ({
          ...count,
          [claim.sdkAppId === busy ? "busy" : "quiet"]: (count[claim.sdkAppId === busy ? "busy" : "quiet"] ?? 0) + 1,
        }),
        {} as Record<string, number>,
      );

    const shared = await claimDeliveries(4, 15_000);
    assert.deepEqual(apps(shared), { busy: 2, quiet: 2 }, "the backlog, older, does not take the whole claim");
    const capped = await claimDeliveries(20, 15_000, new Date(), (sdkAppId) => (sdkAppId === busy ? 3 : 8));
    assert.deepEqual(apps(capped), { busy: 3, quiet: 1 }, "each app up to its quota");
    assert.deepEqual(
      apps(await claimDeliveries(20, 15_000, new Date(), (sdkAppId) => (sdkAppId === busy ? 0 : 8))),
      {},
      "an app with no quota left gets nothing, and the quiet app has nothing more due",
    );
    await settleAll();
  });

  test("claims given back are due at once, as if never claimed; an outcome from them does not land", async () => {
    await settleAll();
    const sdkAppId = await appWithCallback("Callbacks release");
    await queue(sdkAppId, 2, "r");
    const now = new Date();
    const claims = await claimDeliveries(10, 15_000, now);
    assert.equal(claims.length, 2);
    assert.deepEqual(await claimDeliveries(10, 15_000, now), [], "leased");
    await releaseDeliveries(claims, now);
    const rows = await db().callbackDelivery.findMany({ where: { sdkAppId }, orderBy: { id: "asc" } });
    assert.deepEqual(
      rows.map((row) => [
        row.status,
        row.attempts,
        row.firstAttemptAt,
        row.lastAttemptAt,
        row.claimToken,
        row.claimedUntil,
      ]),
      rows.map(() => ["pending", 0, null, null, null, null]),
    );
    await completeDelivery(claims[0]!, { ok: true, status: 200, latencyMs: 1 });
    assert.equal((await db().callbackDelivery.findUniqueOrThrow({ where: { id: claims[0]!.id } })).status, "pending");
    const again = await claimDeliveries(10, 15_000, now);
    assert.deepEqual(
      again.map((claim) => [claim.id, claim.attempts]),
      claims.map((claim) => [claim.id, 1]),
    );
    await settleAll();
  });

  test("turning callbacks off fails what waits; an event of an app without a callback fails at once", async () => {
    await settleAll();
    const sdkAppId = await appWithCallback("Callbacks off");
    await login(sdkAppId, "o1");
    await login(sdkAppId, "o2");
    const [claim] = await claimDeliveries(1, 15_000);
    assert.deepEqual(await removeCallbackConfig(operator, sdkAppId), { cancelled: 2 });
    assert.equal(
      await completeDelivery(claim!, { ok: true, status: 200, latencyMs: 1 }),
      "delivered",
      "the outcome's status is computed, but the row no longer matches the claim",
    );
    assert.deepEqual(
      (await db().callbackDelivery.findMany({ where: { sdkAppId } })).map((row) => row.status),
      ["failed", "failed"],
    );
    assert.equal(await getCallbackConfig(sdkAppId, { withQuery: true }), null);
    await assert.rejects(resendDelivery(operator, sdkAppId, claim!.id), /Configure the state callback/);
    assert.equal((await callbackTargets([sdkAppId])).size, 0);
  });
});

describe("state callbacks: configuration and format", () => {
  test("the token is stored encrypted, never audited, and decrypted for delivery", async () => {
    const token = "s3cret-Token_for/callbacks";
    const sdkAppId = await appWithCallback("Callbacks token", ["Login"], token);
    const row = await db().callbackConfig.findUniqueOrThrow({ where: { sdkAppId }, omit: { tokenCiphertext: false } });
    assert.ok(row.tokenCiphertext?.startsWith("v2:") && !row.tokenCiphertext.includes(token));
    assert.ok(
      !("tokenCiphertext" in (await db().callbackConfig.findUniqueOrThrow({ where: { sdkAppId } }))),
      "omitted unless asked for",
    );
    const target = (await callbackTargets([sdkAppId])).get(sdkAppId);
    assert.deepEqual(target, { url: "http://127.0.0.1:9/callback", token, actions: ["Login"] });
    assert.equal((await getCallbackConfig(sdkAppId, { withQuery: true }))?.hasToken, true);

    await setCallbackConfig(operator, sdkAppId, {
      url: "https://hooks.example.com/tim?key=abc",
      actions: ["Logout", "Login"],
      token: "",
      removeToken: false,
    });
    assert.equal(
      ((await callbackTargets([sdkAppId])).get(sdkAppId) as { token: string }).token,
      token,
      "an empty token keeps the old one",
    );
    // The query string may hold the App Server's own secret: only apps.write sees it (the caller decides).
    assert.equal(
      (await getCallbackConfig(sdkAppId, { withQuery: true }))?.url,
      "https://hooks.example.com/tim?key=abc",
    );
    assert.equal((await getCallbackConfig(sdkAppId, { withQuery: false }))?.url, "https://hooks.example.com/tim?…");
    await setCallbackConfig(operator, sdkAppId, {
      url: "https://hooks.example.com/tim",
      actions: ["Login"],
      token: "",
      removeToken: true,
    });
    assert.equal((await getCallbackConfig(sdkAppId, { withQuery: true }))?.hasToken, false);

    const audits = await db().auditEvent.findMany({
      where: { sdkAppId, action: "callback.configure" },
      orderBy: { id: "asc" },
    });
    assert.deepEqual(
      audits.map((audit) => JSON.parse(audit.details)),
      [
        { url: "http://127.0.0.1:9/callback", actions: ["Login"], token: "set" },
        { url: "https://hooks.example.com/tim?…", actions: ["Login", "Logout"], token: "kept" },
        { url: "https://hooks.example.com/tim", actions: ["Login"], token: "removed" },
      ],
    );
    assert.ok(audits.every((audit) => !audit.details.includes(token) && !audit.details.includes("key=abc")));
  });

  test("a URL whose host callbacks may not reach is refused when saved, with the reason on the URL field; nothing is stored", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Callbacks refused");
    // This process allows 127.0.0.1/32 only (tests/support/test-env.ts); every other inside address stays refused.
    const refused: [string, RegExp][] = [
      ["http://localhost:9/cb", /localhost stands for 127\.0\.0\.1 and ::1, and ::1 is a loopback address/],
      ["http://[::1]:9/cb", /::1 is a loopback address/],
      ["http://0.0.0.0:9/cb", /0\.0\.0\.0 is an unspecified address/],
      ["http://[::ffff:127.0.0.1]:9/cb", /IPv4-mapped IPv6 address/],
      ["http://127.0.0.2:9/cb", /127\.0\.0\.2 is a loopback address/],
      ["http://2130706434:9/cb", /127\.0\.0\.2 is a loopback address/],
      ["http://10.0.0.1/cb", /private network/],
      ["http://169.254.169.254/latest/meta-data/", /link-local/],
      ["http://[fd00:ec2::254]/latest/meta-data/", /cloud metadata/],
    ];
    for (const [url, reason] of refused) {
      await assert.rejects(
        setCallbackConfig(operator, sdkAppId, { url, actions: ["Login"], token: "", removeToken: false }),
        (error: unknown) => {
          assert.ok(error instanceof ValidationError, String(error));
          assert.match(error.message, /^Refused: /);
          assert.match(error.message, reason, url);
          assert.equal(error.fieldErrors.url, error.message);
          return true;
        },
      );
    }
    assert.equal(await getCallbackConfig(sdkAppId, { withQuery: true }), null);
    assert.equal(await db().auditEvent.count({ where: { sdkAppId, action: "callback.configure" } }), 0);

    // Any spelling of the allowed address is that address.
    await setCallbackConfig(operator, sdkAppId, {
      url: "http://127.1:9/cb",
      actions: ["Login"],
      token: "",
      removeToken: false,
    });
    assert.equal((await getCallbackConfig(sdkAppId, { withQuery: true }))?.refused, null);
    // A URL saved before the rule, or before the allowed networks changed, is shown as refused.
    await db().callbackConfig.update({ where: { sdkAppId }, data: { url: "http://192.168.1.20/cb" } });
    assert.match(
      (await getCallbackConfig(sdkAppId, { withQuery: true }))?.refused ?? "",
      /^Refused: 192\.168\.1\.20 is a private network address/,
    );
  });

  test("keys:rewrap re-encrypts callback tokens too; they still decrypt", async () => {
    const token = "rewrap-me";
    const sdkAppId = await appWithCallback("Callbacks rewrap", ["Login"], token);
    const before = (
      await db().callbackConfig.findUniqueOrThrow({ where: { sdkAppId }, omit: { tokenCiphertext: false } })
    ).tokenCiphertext!;
    const keyId = before.split(":")[1]!;
    // Told the current key is another one, every token is moved "to" it: re-encrypted under the current key.
    const moved = await db().$transaction((tx) => rewrapCallbackTokens(tx, "0000000000000000"));
    assert.ok(moved.total >= 1 && moved.rewrapped[keyId] === moved.total);
    const after = (
      await db().callbackConfig.findUniqueOrThrow({ where: { sdkAppId }, omit: { tokenCiphertext: false } })
    ).tokenCiphertext!;
    assert.notEqual(after, before);
    assert.equal(((await callbackTargets([sdkAppId])).get(sdkAppId) as { token: string }).token, token);
    assert.deepEqual(
      await db().$transaction((tx) => rewrapCallbackTokens(tx, keyId)),
      { total: moved.total, rewrapped: {} },
      "nothing to do under the current key",
    );
  });

  test("body, query and signature are Tencent's", () => {
    const event = {
      sdkAppId: 1400000001,
      userId: "user1",
      reason: "Register" as const,
      eventTime: new Date(1629883332497),
      clientIp: "203.0.113.7",
      platform: "iPhone",
    };
    assert.equal(
      stateChangeBody(event),
      '{"CallbackCommand":"State.StateChange","EventTime":1629883332497,"Info":{"Action":"Login","To_Account":"user1","Reason":"Register"}}',
    );
    assert.equal(
      stateChangeUrl("https://example.com/cb", event),
      "https://example.com/cb?SdkAppid=1400000001&CallbackCommand=State.StateChange&contenttype=json&ClientIP=203.0.113.7&OptPlatform=iOS",
    );
    // Tencent's own example: Token=xxxxyyyy, RequestTime=1669872112.
    assert.equal(
      callbackSign("xxxxyyyy", 1669872112),
      "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061",
    );
    assert.equal(
      stateChangeUrl(
        "https://example.com/cb?app=7",
        { ...event, platform: "PC" },
        { token: "xxxxyyyy", requestTime: 1669872112 },
      ),
      "https://example.com/cb?app=7&SdkAppid=1400000001&CallbackCommand=State.StateChange&contenttype=json&ClientIP=203.0.113.7&OptPlatform=Windows&RequestTime=1669872112&Sign=17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061",
    );
    assert.match(
      stateChangeBody({ userId: "u", reason: "TimeOut", eventTime: new Date(0) }),
      /"Action":"Disconnect","To_Account":"u","Reason":"TimeOut"/,
    );
  });
});
