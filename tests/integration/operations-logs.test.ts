// Logs and request ids. A node behind one trusted proxy, logging at the most
// verbose level, answers traffic full of secrets (UserSigs in bodies and
// query strings, bearer tokens, issued tickets, the app's key); its log is
// JSON lines, one per request with the request id the client was sent, and
// holds none of the secrets. Every answer, Next's pages too, carries
// X-Request-Id: the proxy's when well-formed, else one made by the server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { secretsInLog } from "../support/log-secrets";
import { startServer, type TestServer } from "../support/server";
import { adminQuery, call, newApp, userSigFor } from "./api-helpers";

const { primaryKey } = await import("@/lib/data/keys");

let server: TestServer;
before(async () => {
  server = await startServer({
    databaseUrl: process.env.DATABASE_URL,
    apiOnly: true,
    env: { TESSERA_LOG_LEVEL: "trace", TESSERA_TRUSTED_PROXY_HOPS: "1" },
  });
});
after(() => server?.stop());

const GENERATED_ID = /^[0-9a-f]{24}$/;

describe("logs and request ids", () => {
  test("a trusted proxy's request id is kept: in X-Request-Id, the REST envelope's RequestId and the log line; a malformed one is replaced", async () => {
    const sdkAppId = await newApp("Request id app");
    const proxied = "req-7f3a9c21-5e44-4b0e-9d7b-1c2a3b4c5d6e";
    const reply = await call(`/v4/im_open_login_svc/account_check?${await adminQuery(sdkAppId)}`, {
      base: server.baseUrl,
      body: { CheckItem: [{ UserID: "nobody" }] },
      headers: { "x-request-id": proxied, "x-forwarded-for": "203.0.113.9" },
    });
    assert.equal(reply.headers.get("x-request-id"), proxied);
    assert.equal(reply.body.RequestId, proxied);
    for (const bad of ["has spaces in it", "short", `x${"y".repeat(200)}`, 'quote"d-0123456789']) {
      const refused = await call("/api/v1/time", { base: server.baseUrl, headers: { "x-request-id": bad } });
      assert.match(refused.headers.get("x-request-id") ?? "", GENERATED_ID, bad);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const line = server
      .output()
      .split("\n")
      .filter((text) => text.startsWith("{"))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.requestId === proxied);
    assert.ok(line, "the request's log line carries its id");
    assert.equal(line.route, "/v4/:service/:command");
    assert.equal(line.method, "POST");
    assert.equal(line.status, 200);
    assert.equal(line.ip, "203.0.113.9", "the client's address, as the trusted proxy saw it");
    assert.equal(typeof line.ms, "number");
  });

  test("without a trusted proxy the client's X-Request-Id is not taken, and Next's pages carry one too", async () => {
    const page = await call("/sign-in", { headers: { "x-request-id": "client-chosen-id-123" } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get("x-request-id") ?? "", GENERATED_ID);
    const api = await call("/api/v1/time", { headers: { "x-request-id": "client-chosen-id-123" } });
    assert.match(api.headers.get("x-request-id") ?? "", GENERATED_ID);
    const guarded = await call("/api/v1/time", { method: "TRACE" });
    assert.equal(guarded.status, 405);
    assert.match(guarded.headers.get("x-request-id") ?? "", GENERATED_ID);
  });

  test("traffic full of secrets leaves none of them in the log, every line of which is JSON", async () => {
    const base = server.baseUrl;
    const sdkAppId = await newApp("Log secrets app");
    const secrets: string[] = [(await primaryKey(sdkAppId)).key];
    const userSig = await userSigFor(sdkAppId, "log_user");
    secrets.push(userSig);
    const login = await call("/api/v1/login", { base, body: { sdkAppId, userId: "log_user", userSig } });
    assert.equal(login.status, 200, login.text);
    secrets.push(login.body.token);
    assert.equal(
      (await call("/api/v1/session", { base, headers: { authorization: `Bearer ${login.body.token}` } })).status,
      200,
    );
    // Refused ones too: a tampered UserSig, an unknown token, a body that is not JSON.
    const tampered = `${userSig.slice(0, -6)}AAAAAA`;
    secrets.push(tampered);
    await call("/api/v1/login", { base, body: { sdkAppId, userId: "log_user", userSig: tampered } });
    await call("/api/v1/session", { base, headers: { authorization: "Bearer unknownTokenValue0123456789abcdef" } });
    secrets.push("unknownTokenValue0123456789abcdef");
    const adminSig = await userSigFor(sdkAppId, "administrator");
    secrets.push(adminSig);
    const query = await adminQuery(sdkAppId, { usersig: adminSig });
    const issued = await call(`/api/v1/usersig?${query}`, { base, body: { userIds: ["log_a", "log_b"] } });
    assert.equal(issued.status, 200, issued.text);
    secrets.push(...(JSON.stringify(issued.body).match(/eJ[A-Za-z0-9*_-]{20,}/g) ?? []));
    await call(`/api/v1/usersig/revoke?${query}`, { base, body: { userSigs: [userSig] } });
    await call(`/v4/im_open_login_svc/account_check?${query}`, { base, raw: `{"CheckItem": ${adminSig}` });
    await call(`/v4/im_open_login_svc/kick?${query}`, { base, body: { UserID: "log_user" } });
    await call("/api/v1/logout", { base, method: "POST", headers: { authorization: `Bearer ${login.body.token}` } });

    await server.stop();
    const output = server.output();
    const lines = output.split("\n").filter(Boolean);
    assert.ok(lines.length > 10, "the server logged the traffic");
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `not a JSON line: ${line.slice(0, 120)}`);
    const env = server.env;
    assert.deepEqual(secretsInLog(output, [...secrets, env.TESSERA_MASTER_KEY!, env.NEXTAUTH_SECRET!]), []);
    assert.ok(lines.some((line) => line.includes('"route":"/api/v1/login"')));
  });
});
