// Abuse resistance over real HTTP, each test an attack that worked before:
// poison requests in a shared batch, forged X-Forwarded-For, raced and
// lockout-prone throttles, unbounded sign-in fields, unthrottled App Server
// authentication and audit floods. Distinct clients are distinct loopback
// source addresses (freshIp), as the server reads the socket's address.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { startServer, type TestServer } from "../support/server";
import {
  adminQuery,
  assertClean,
  call,
  consoleSignIn,
  db,
  expectEnvelope,
  freshIp,
  login,
  newApp,
  type Reply,
  rest,
  userSigFor,
} from "./api-helpers";

const { createOperator } = await import("@/lib/data/operators");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { ATTEMPT_POLICIES } = await import("@/lib/api/auth/ticket-attempt");

let app: number;
/** A second server on the same database: one trusted proxy hop, a 1-second audit repeat window. */
let proxied: TestServer;

before(async () => {
  app = await newApp("Abuse tests");
  proxied = await startServer({
    databaseUrl: process.env.DATABASE_URL,
    distDir: process.env.TESSERA_DIST_DIR,
    env: { TESSERA_TRUSTED_PROXY_HOPS: "1", TESSERA_AUDIT_REPEAT_WINDOW: "1" },
  });
});

after(async () => {
  await proxied.stop();
});

const uniqueId = (prefix: string) => `${prefix}_${randomBytes(4).toString("hex")}`;
const isVerificationCode = (reply: Reply) => reply.body?.error?.code !== 70050;

const signIn = (email: string, password: string, ip: string) => consoleSignIn(email, password, { ip });

describe("one bad request never hurts another", () => {
  test("poison logins and REST calls fail alone; every legitimate login and REST call in the same batches succeeds", async () => {
    const legit = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => ({
        userId: `batch_user_${i}`,
        sig: await userSigFor(app, `batch_user_${i}`),
      })),
    );
    const sig = legit[0]!.sig;
    const poisons: (() => Promise<Reply>)[] = [
      () => call("/api/v1/login", { body: { sdkAppId: app, userId: "nul\u0000id", userSig: sig }, ip: freshIp() }),
      () => call("/api/v1/login", { body: { sdkAppId: app, userId: "\ud800lone", userSig: sig }, ip: freshIp() }),
      () => call("/api/v1/login", { body: { sdkAppId: 9_999_999_999, userId: "u1", userSig: sig }, ip: freshIp() }),
      () => call("/api/v1/login", { body: { sdkAppId: 4_294_967_295, userId: "u1", userSig: sig }, ip: freshIp() }),
      () => call("/api/v1/login", { body: { sdkAppId: -5, userId: "u1", userSig: sig }, ip: freshIp() }),
      () =>
        call("/api/v1/login", { body: { sdkAppId: app, userId: "x".repeat(1_000_000), userSig: sig }, ip: freshIp() }),
      async () =>
        call(
          `/v4/im_open_login_svc/account_check?${(await adminQuery(app)).replace(`sdkappid=${app}`, "sdkappid=9999999999")}`,
          { body: { CheckItem: [{ UserID: "a" }] }, ip: freshIp() },
        ),
      async () =>
        call(
          `/v4/im_open_login_svc/account_check?${(await adminQuery(app)).replace("identifier=administrator", "identifier=admin%00istrator")}`,
          { body: { CheckItem: [{ UserID: "a" }] }, ip: freshIp() },
        ),
      () => rest(app, "im_open_login_svc/account_import", { UserID: "poison_nick", Nick: "a\u0000b" }),
      () => rest(app, "im_open_login_svc/account_import", { UserID: "poison_face", FaceUrl: "\udc00" }),
      () =>
        rest(app, "im_open_login_svc/account_check", {
          CheckItem: [{ UserID: "\u0000" }, { UserID: "x".repeat(100_000) }],
        }),
    ];
    for (let round = 0; round < 3; round++) {
      const work: Promise<{ legit: boolean; reply: Reply }>[] = [];
      legit.forEach(({ userId, sig: userSig }, i) => {
        work.push(login(app, userId, userSig).then((reply) => ({ legit: true, reply })));
        if (i % 6 === 0)
          work.push(
            rest(app, "im_open_login_svc/account_check", { CheckItem: [{ UserID: userId }] }).then((reply) => ({
              legit: true,
              reply,
            })),
          );
        work.push(poisons[(round * legit.length + i) % poisons.length]!().then((reply) => ({ legit: false, reply })));
      });
      for (const { legit: isLegit, reply } of await Promise.all(work)) {
        assert.ok(reply.status < 500, `HTTP ${reply.status}: ${reply.text.slice(0, 200)}`);
        assertClean(reply);
        if (reply.body && "ActionStatus" in reply.body) {
          assert.notEqual(reply.body.ErrorCode, 70500, reply.text);
          if (isLegit) expectEnvelope(reply, 0);
        } else if (isLegit) assert.equal(reply.status, 200, reply.text);
        else assert.ok(reply.status >= 400, reply.text.slice(0, 200));
      }
    }
  });
});

describe("the client address comes from the socket", () => {
  test("rotating X-Forwarded-For does not escape the client throttle", async () => {
    const ip = freshIp();
    const codes: number[] = [];
    for (let i = 0; i < ATTEMPT_POLICIES.client.limit + 5; i++) {
      const reply = await call("/api/v1/login", {
        body: { sdkAppId: app, userId: `rotating_${i}`, userSig: "bad" },
        ip,
        headers: { "x-forwarded-for": `198.51.100.${i}` },
      });
      codes.push(reply.body.error.code);
    }
    assert.deepEqual(codes.slice(ATTEMPT_POLICIES.client.limit), Array(5).fill(70050), codes.join(","));
  });

  test("a forged X-Forwarded-For cannot spend another client's budget", async () => {
    const victim = freshIp();
    const attacker = freshIp();
    for (let i = 0; i < ATTEMPT_POLICIES.client.limit + 5; i++) {
      await call("/api/v1/login", {
        body: { sdkAppId: app, userId: "framed_user", userSig: "bad" },
        ip: attacker,
        headers: { "x-forwarded-for": victim },
      });
    }
    const reply = await login(app, "framed_user", await userSigFor(app, "framed_user"), victim);
    assert.equal(reply.status, 200, reply.text);
  });

  test("behind TESSERA_TRUSTED_PROXY_HOPS=1 the client is the entry the proxy appended; entries left of it are ignored", async () => {
    const userId = uniqueId("proxied");
    await call("/api/v1/login", {
      base: proxied.baseUrl,
      body: { sdkAppId: app, userId, userSig: "bad" },
      ip: freshIp(),
      headers: { "x-forwarded-for": "203.0.113.9, 192.0.2.7" },
    });
    const row = await db().auditEvent.findFirst({
      where: { action: "login.reject", target: userId },
      orderBy: { id: "desc" },
    });
    assert.equal(row?.ip, "192.0.2.7");
  });
});

describe("throttles hold under concurrency and hand no lockout to an attacker", () => {
  test("50 concurrent bad UserSigs from one client verify at most the limit; the user still logs in from elsewhere", async () => {
    const userId = uniqueId("raced");
    const ip = freshIp();
    const replies = await Promise.all(Array.from({ length: 50 }, () => login(app, userId, "bad-sig", ip)));
    const verified = replies.filter(isVerificationCode).length;
    assert.ok(verified >= 1 && verified <= ATTEMPT_POLICIES.pair.limit, `${verified} of 50 were verified`);
    assert.equal(replies.filter((reply) => reply.status === 429).length, 50 - verified);
    assert.equal((await login(app, userId, await userSigFor(app, userId), freshIp())).status, 200);
  });

  test("50 concurrent wrong passwords hash at most 5; the owner, from their own address, still signs in", async () => {
    const email = `${uniqueId("raced")}@tessera.test`;
    const password = "the right password 123";
    await createOperator(SYSTEM_ACTOR, { email, password, role: "viewer" });
    const attacker = freshIp();
    const owner = freshIp();
    const attempts = await Promise.all(
      Array.from({ length: 50 }, () => signIn(email, "wrong password 12345", attacker)),
    );
    const hashed = attempts.filter((attempt) => attempt.error === "CredentialsSignin").length;
    assert.ok(hashed >= 1 && hashed <= 5, `${hashed} of 50 wrong passwords were checked`);
    assert.ok(
      attempts.every(
        (attempt) =>
          !attempt.ok &&
          (attempt.error === "CredentialsSignin" ||
            /Too many failed sign-in attempts|Too many sign-ins at once/.test(attempt.error ?? "")),
      ),
    );
    assert.equal(
      (await signIn(email, password, attacker)).ok,
      false,
      "the attacker's address is blocked, even with the password",
    );
    assert.equal((await signIn(email, password, owner)).ok, true, "the owner is not locked out");
  });

  test("a distributed guesser hits the per-account limit, which never applies to a client that signed in before", async () => {
    const email = `${uniqueId("spread")}@tessera.test`;
    const password = "the right password 456";
    await createOperator(SYSTEM_ACTOR, { email, password, role: "viewer" });
    const known = freshIp();
    assert.equal((await signIn(email, password, known)).ok, true);
    for (let batch = 0; batch < 11; batch++) {
      await Promise.all(Array.from({ length: 10 }, () => signIn(email, "wrong password 12345", freshIp())));
    }
    const stranger = await signIn(email, password, freshIp());
    assert.equal(stranger.ok, false);
    assert.match(stranger.error ?? "", /Too many failed sign-in attempts/);
    assert.equal((await signIn(email, password, known)).ok, true);
  });
});

describe("inputs are bounded before anything is stored or hashed", () => {
  test("a 5 MB sign-in body is refused with 413; an over-long email or password with a clear message; nothing is written", async () => {
    const ip = freshIp();
    const longEmail = `${"b".repeat(250)}@x.test`;
    const someone = `${uniqueId("someone")}@tessera.test`;
    // Other test files write concurrently: count only what these attempts could have written.
    const written = async () => ({
      audit: await db().auditEvent.count({ where: { OR: [{ ip }, { actor: { in: [longEmail, someone] } }] } }),
      throttle: await db().throttle.count({
        where: { OR: [{ key: { contains: ip } }, { key: { contains: someone } }, { key: { contains: longEmail } }] },
      }),
    });
    const csrf = await call("/api/auth/csrf", { ip });
    const huge = await call("/api/auth/callback/credentials", {
      raw: new URLSearchParams({
        csrfToken: csrf.body.csrfToken,
        email: `${"a".repeat(5 * 1024 * 1024)}@x.test`,
        password: "x",
      }).toString(),
      ip,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(huge.status, 413);
    assert.match(huge.body.error, /larger than/);
    assert.match((await signIn(longEmail, "whatever password", ip)).error ?? "", /longer than 254 characters/);
    assert.match((await signIn(someone, "p".repeat(2000), ip)).error ?? "", /longer than 1024 bytes/);
    assert.deepEqual(await written(), { audit: 0, throttle: 0 });
  });

  test("audit rows of anonymous rejections are bounded and storable whatever the request held", async () => {
    const identifier = `${"i".repeat(40)}`;
    await call(
      `/v4/im_open_login_svc/account_check?sdkappid=${app}&identifier=${identifier}&usersig=${"u".repeat(3000)}&random=1`,
      { body: {}, ip: freshIp() },
    );
    await call(`/v4/${"s".repeat(5000)}/x?sdkappid=1&identifier=a&usersig=b&random=1`, { body: {}, ip: freshIp() });
    const rows = await db().auditEvent.findMany({ orderBy: { id: "desc" }, take: 5 });
    for (const row of rows)
      for (const text of [row.actor, row.target, row.ip, row.details])
        assert.ok(text.length <= 2000, `${text.length} characters stored`);
  });
});

describe("malformed requests, and inputs the library refuses, get a clear 4xx (found by npm run fuzz)", () => {
  test("a machine route reads its body whatever its declared type, and only up to its cap", async () => {
    // Tencent's REST clients post JSON with whatever type their HTTP library sets (PHP's curl: form-urlencoded).
    for (const type of ["application/x-www-form-urlencoded", "text/plain", "application/octet-stream"]) {
      const reply = await call(`/v4/im_open_login_svc/account_check?${await adminQuery(app)}`, {
        body: { CheckItem: [{ UserID: "someone" }] },
        headers: { "content-type": type },
      });
      expectEnvelope(reply, 0);
    }
    const large = await call("/api/v1/login", { raw: JSON.stringify({ pad: "x".repeat(64 * 1024) }) });
    assert.equal(large.status, 400);
    assert.match(large.body.error.message, /larger than 20480 bytes/);
    expectEnvelope(
      await call(`/v4/im_open_login_svc/account_check?${await adminQuery(app)}`, {
        raw: JSON.stringify({ pad: "x".repeat(300 * 1024) }),
      }),
      60008,
    );
    const broken = await call("/api/v1/login", { raw: "{not json" });
    assert.equal(broken.status, 400);
    assert.match(broken.body.error.message, /not valid JSON/);
  });
  test("TRACE is 405, another odd method a 4xx; a path with broken percent-encoding is 400, or the REST envelope's 60002 under /v4", async () => {
    assert.equal((await call("/api/health", { method: "TRACE" })).status, 405);
    const odd = await call("/api/health", { method: "PROPFIND" });
    assert.ok(odd.status >= 400 && odd.status < 500, `PROPFIND: ${odd.status}`);
    const broken = await call("/api/v1/%ZZ", { body: {} });
    assert.equal(broken.status, 400);
    expectEnvelope(await call(`/v4/%ZZ/%ZZ?${await adminQuery(app)}`, { body: {} }), 60002);
    expectEnvelope(await call(`/v4/im_open_login_svc/%ZZ?${await adminQuery(app)}`, { body: {} }), 60002);
    // Next takes a multipart POST for a no-JavaScript form action, on any page, and failed with a 500.
    for (const path of ["/sign-in", "/no-such-page", "/v4/only-one-segment"]) {
      const multipart = await call(path, {
        raw: '{"a":1}',
        headers: { "content-type": "multipart/form-data; boundary=x" },
      });
      assert.ok(
        multipart.status === 415 || (path.startsWith("/v4/") && multipart.body?.ErrorCode === 60008),
        `${path}: ${multipart.status} ${multipart.text.slice(0, 100)}`,
      );
    }
  });

  test("a request line past Node's 16 KB header limit is answered 431 with no body, so an answer to HEAD stays readable (found by npm run fuzz)", async () => {
    for (const method of ["HEAD", "POST"]) {
      const reply = await call(`/v4/openim/querystate?pad=${"x".repeat(20_000)}`, { method, body: {} });
      assert.equal(reply.status, 431, method);
      assert.equal(reply.text, "", method);
    }
  });

  test("a PrivateMapKey room the library would refuse is a 70402, not a 500", async () => {
    const query = await adminQuery(app);
    for (const room of ["\ud800", "a\u0000b", "a\nb", "é".repeat(40)]) {
      const reply = await call(`/api/v1/usersig?${query}`, { body: { userIds: ["a"], privateMapKey: { room } } });
      assert.equal(reply.status, 400, reply.text);
      assert.equal(reply.body.error.code, 70402);
    }
    assert.equal(
      (await call(`/api/v1/usersig?${query}`, { body: { userIds: ["a"], privateMapKey: { room: "é" } } })).status,
      200,
    );
  });
});

describe("failed App Server authentication is throttled", () => {
  test("/v4: a client's failures are answered 60007 with a retry hint; other clients are not affected", async () => {
    const ip = freshIp();
    const bad = await adminQuery(app, { usersig: "not-a-usersig" });
    const codes: number[] = [];
    for (let i = 0; i < ATTEMPT_POLICIES.client.limit + 3; i++) {
      codes.push(
        (await call(`/v4/im_open_login_svc/account_check?${bad}`, { body: { CheckItem: [{ UserID: "a" }] }, ip })).body
          .ErrorCode,
      );
    }
    assert.deepEqual(codes.slice(ATTEMPT_POLICIES.client.limit), [60007, 60007, 60007], codes.join(","));
    const refused = await call(`/v4/im_open_login_svc/account_check?${await adminQuery(app)}`, {
      body: { CheckItem: [{ UserID: "a" }] },
      ip,
    });
    expectEnvelope(refused, 60007);
    assert.match(refused.body.ErrorInfo, /Retry after \d+ seconds/);
    expectEnvelope(
      await call(`/v4/im_open_login_svc/account_check?${await adminQuery(app)}`, {
        body: { CheckItem: [{ UserID: "a" }] },
        ip: freshIp(),
      }),
      0,
    );
  });

  test("/api/v1/usersig: 429 with 70050 and Retry-After", async () => {
    const ip = freshIp();
    const bad = await adminQuery(app, { usersig: "not-a-usersig" });
    for (let i = 0; i < ATTEMPT_POLICIES.client.limit; i++)
      await call(`/api/v1/usersig?${bad}`, { body: { userIds: ["a"] }, ip });
    const refused = await call(`/api/v1/usersig?${await adminQuery(app)}`, { body: { userIds: ["a"] }, ip });
    assert.equal(refused.status, 429, refused.text);
    assert.equal(refused.body.error.code, 70050);
    assert.ok(Number(refused.headers.get("retry-after")) > 0);
  });
});

describe("audit flood control", () => {
  test("identical rejections from one client within the window become one row plus one row with their count", async () => {
    const name = uniqueId("flood");
    const path = `/v4/flood/${name}?sdkappid=${app}&identifier=administrator&usersig=x&random=1`;
    const ip = freshIp();
    for (let i = 0; i < 50; i++) await call(path, { base: proxied.baseUrl, body: {}, ip });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const rows = await db().auditEvent.findMany({
      where: { action: "rest.reject", target: `flood/${name}` },
      orderBy: { id: "asc" },
    });
    assert.equal(rows.length, 2, JSON.stringify(rows.map((row) => row.count)));
    assert.deepEqual(
      rows.map((row) => row.count),
      [1, 49],
    );
    assert.ok(rows[1]!.lastAt! >= rows[1]!.at);
  });
});
