// Console sessions end on the server: after the idle timeout, and at sign-out
// (a replayed cookie is refused). Session cookies are Secure and prefixed
// when the console is served over HTTPS, and only then.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { startServer, type TestServer } from "../support/server";
import { call, consoleSignIn, db } from "./api-helpers";

const { createOperator } = await import("@/lib/data/operators");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");

const password = "console session password 1";
let email: string;
let https: TestServer;
let proxied: TestServer;

before(async () => {
  email = `session-${randomBytes(4).toString("hex")}@tessera.test`;
  await createOperator(SYSTEM_ACTOR, { email, password, role: "viewer" });
  const shared = { databaseUrl: process.env.DATABASE_URL, distDir: process.env.TESSERA_DIST_DIR };
  [https, proxied] = await Promise.all([
    startServer({ ...shared, env: { NEXTAUTH_URL: "https://console.tessera.test" } }),
    startServer({ ...shared, env: { TESSERA_TRUSTED_PROXY_HOPS: "1" } }),
  ]);
});

after(async () => {
  await Promise.all([https.stop(), proxied.stop()]);
});

/** Whether the console lets this cookie in (a signed-out request is redirected to sign-in). */
async function signedIn(cookie: string): Promise<boolean> {
  const reply = await call("/profile", { headers: { cookie } });
  return reply.status === 200 && reply.text.includes(email);
}

const sessionIdOf = async () =>
  (await db().consoleSession.findFirstOrThrow({ where: { operator: { email } }, orderBy: { createdAt: "desc" } })).id;

describe("console sessions", () => {
  test("a session idle past the timeout (30 minutes) ends; one used within it lives on and is touched", async () => {
    const { session } = await consoleSignIn(email, password);
    assert.ok(session);
    assert.equal(await signedIn(session), true);
    const id = await sessionIdOf();
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await db().consoleSession.update({ where: { id }, data: { lastSeenAt: minutesAgo(29) } });
    assert.equal(await signedIn(session), true);
    const touched = await db().consoleSession.findUniqueOrThrow({ where: { id } });
    assert.ok(Date.now() - touched.lastSeenAt.getTime() < 60_000, "using the session touches it");
    await db().consoleSession.update({ where: { id }, data: { lastSeenAt: minutesAgo(31) } });
    assert.equal(await signedIn(session), false);
  });

  test("signing out ends the session on the server: the same cookie replayed is refused", async () => {
    const { session } = await consoleSignIn(email, password);
    assert.ok(session && (await signedIn(session)));
    const csrf = await call("/api/auth/csrf", { headers: { cookie: session } });
    const csrfCookie = /next-auth\.csrf-token=[^;]+/.exec(csrf.headers.get("set-cookie") ?? "")![0];
    await call("/api/auth/signout", {
      raw: new URLSearchParams({ csrfToken: csrf.body.csrfToken, json: "true" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${session}; ${csrfCookie}` },
    });
    assert.ok((await db().consoleSession.findUniqueOrThrow({ where: { id: await sessionIdOf() } })).endedAt);
    assert.equal(await signedIn(session), false);
  });

  test("over plain HTTP the cookies are neither Secure nor prefixed", async () => {
    const { setCookie, session } = await consoleSignIn(email, password);
    assert.match(session ?? "", /^next-auth\.session-token=/);
    assert.doesNotMatch(setCookie, /;\s*Secure/i);
  });

  test("with an https:// NEXTAUTH_URL the session cookie is __Secure- and Secure, the CSRF cookie __Host-", async () => {
    const { setCookie, session } = await consoleSignIn(email, password, { base: https.baseUrl });
    assert.match(session ?? "", /^__Secure-next-auth\.session-token=/);
    const sessionCookie = setCookie
      .slice(setCookie.indexOf("__Secure-next-auth.session-token"))
      .split(/, (?=[\w-]+=)/)[0]!;
    assert.match(sessionCookie, /;\s*Secure/i);
    const csrf = await call("/api/auth/csrf", { base: https.baseUrl });
    assert.match(csrf.headers.get("set-cookie") ?? "", /^__Host-next-auth\.csrf-token=.*;\s*Secure/i);
  });

  test("behind a trusted proxy, X-Forwarded-Proto: https makes the cookies Secure; a client's own header does not without a proxy", async () => {
    const viaProxy = await consoleSignIn(email, password, {
      base: proxied.baseUrl,
      headers: { "x-forwarded-proto": "https" },
    });
    assert.match(viaProxy.session ?? "", /^__Secure-next-auth\.session-token=/);
    const plain = await consoleSignIn(email, password, { base: proxied.baseUrl });
    assert.match(plain.session ?? "", /^next-auth\.session-token=/);
    const forged = await consoleSignIn(email, password, { headers: { "x-forwarded-proto": "https" } });
    assert.match(forged.session ?? "", /^next-auth\.session-token=/, "the default server trusts no proxy");
  });
});
