// Two-factor sign-in over HTTP: after the right password an operator with a
// second factor gets no session, only a pending sign-in (an HttpOnly cookie)
// that no page, action or route treats as signed in; a code exchanges it,
// once, for the session.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, test } from "node:test";
import { call, consoleSignIn, freshIp, type Reply } from "./api-helpers";
import { runAction } from "./console-actions";

const { createOperator } = await import("@/lib/data/operators");
const { confirmTotpEnrollment, startTotpEnrollment } = await import("@/lib/data/second-factors");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { totpCodeAt } = await import("@/lib/auth/totp");
const { decodeBase32IgnorePadding } = await import("@oslojs/encoding");

const password = "second factor password 7";
let email: string;
let key: Uint8Array;
let recoveryCodes: string[];

before(async () => {
  email = `totp-${randomBytes(4).toString("hex")}@tessera.test`;
  const op = await createOperator(SYSTEM_ACTOR, { email, password, role: "admin" });
  const { secret } = await startTotpEnrollment(op.id, email);
  key = decodeBase32IgnorePadding(secret.replace(/ /g, ""));
  recoveryCodes = await confirmTotpEnrollment(
    { type: "operator", id: email, ip: "local" },
    op.id,
    totpCodeAt(key, Date.now() - 30_000),
  );
});

const pendingCookieOf = (setCookie: string) => /tessera\.pending-sign-in=[^;]+/.exec(setCookie)?.[0] ?? null;

/** Exchanges the pending sign-in for a session through next-auth's "pending" provider. */
async function finish(pendingCookie: string, code: string, ip = freshIp()) {
  const csrf = await call("/api/auth/csrf", { ip });
  const csrfCookie = /next-auth\.csrf-token=[^;]+/.exec(csrf.headers.get("set-cookie") ?? "")![0];
  const form = new URLSearchParams({ csrfToken: csrf.body.csrfToken, code, json: "true" }).toString();
  const reply = await call("/api/auth/callback/pending", {
    raw: form,
    ip,
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${csrfCookie}; ${pendingCookie}` },
  });
  const setCookie = reply.headers.get("set-cookie") ?? "";
  const url = typeof reply.body?.url === "string" ? reply.body.url : "";
  return {
    session: /next-auth\.session-token=[^;]+/.exec(setCookie)?.[0] ?? null,
    error: url.includes("error=") ? new URL(url).searchParams.get("error") : null,
    setCookie,
  };
}

const signedIn = async (cookie: string) => {
  const reply = await call("/profile", { headers: { cookie } });
  return reply.status === 200 && reply.text.includes(email);
};

describe("two-factor sign-in", () => {
  test("the password alone gives no session: every page, action and route answers as signed out", async () => {
    const first = await consoleSignIn(email, password);
    assert.equal(first.session, null);
    assert.equal(first.error, "SecondFactorRequired");
    const pending = pendingCookieOf(first.setCookie);
    assert.ok(pending, "a pending sign-in cookie is set");
    assert.match(first.setCookie, /tessera\.pending-sign-in=[^;]+;.*HttpOnly/i);
    assert.match(first.setCookie, /tessera\.pending-sign-in=[^;]+;.*SameSite=Strict/i);
    // Pages redirect to sign-in, the session endpoint is empty, actions and routes refuse.
    const page: Reply = await call("/apps", { headers: { cookie: pending } });
    assert.ok([302, 303, 307].includes(page.status), `status ${page.status}`);
    assert.match(page.headers.get("location") ?? "", /\/sign-in/);
    assert.deepEqual((await call("/api/auth/session", { headers: { cookie: pending } })).body, {});
    const action = await runAction(
      pending,
      "changePasswordAction",
      { currentPassword: password, newPassword: "x".repeat(12), confirmPassword: "x".repeat(12) },
      0,
    );
    assert.match(action.text, /session has ended|Sign in again/i);
    const exported = await call("/audit/export", { headers: { cookie: pending } });
    assert.ok(exported.status === 401 || [302, 303, 307].includes(exported.status), `status ${exported.status}`);
    // The step's page is the one thing it opens.
    const step = await call("/sign-in/second-factor", { headers: { cookie: pending } });
    assert.equal(step.status, 200);
    assert.match(step.text, /authenticator app/);
  });

  test("a wrong code gives no session; the right one does, and the pending sign-in cannot be used again", async () => {
    const pending = pendingCookieOf((await consoleSignIn(email, password)).setCookie)!;
    const wrong = await finish(pending, "000000");
    assert.equal(wrong.session, null);
    const right = await finish(pending, totpCodeAt(key));
    assert.ok(right.session, `no session: ${right.error}`);
    assert.equal(await signedIn(right.session), true);
    const again = await finish(pending, totpCodeAt(key, Date.now() + 30_000));
    assert.equal(again.session, null, "the pending sign-in was spent");
  });

  test("the same code is not accepted twice (no replay within its window)", async () => {
    const code = totpCodeAt(key, Date.now() + 30_000);
    const a = pendingCookieOf((await consoleSignIn(email, password)).setCookie)!;
    const b = pendingCookieOf((await consoleSignIn(email, password)).setCookie)!;
    assert.ok((await finish(a, code)).session);
    assert.equal((await finish(b, code)).session, null);
  });

  test("a recovery code signs in once", async () => {
    const a = pendingCookieOf((await consoleSignIn(email, password)).setCookie)!;
    assert.ok((await finish(a, recoveryCodes[0]!)).session);
    const b = pendingCookieOf((await consoleSignIn(email, password)).setCookie)!;
    assert.equal((await finish(b, recoveryCodes[0]!)).session, null);
  });

  test("codes are throttled per operator and client before they are checked", async () => {
    const ip = freshIp();
    const pending = pendingCookieOf((await consoleSignIn(email, password, { ip })).setCookie)!;
    for (let i = 0; i < 5; i++) assert.equal((await finish(pending, "111111", ip)).session, null);
    const refused = await finish(pending, totpCodeAt(key, Date.now() + 30_000), ip);
    assert.equal(refused.session, null);
    assert.match(refused.error ?? "", /Too many wrong codes/);
  });

  test("a forged or missing pending cookie finishes nothing", async () => {
    assert.equal((await finish("tessera.pending-sign-in=forged", totpCodeAt(key))).session, null);
    assert.equal((await finish("x=y", totpCodeAt(key))).session, null);
  });
});
