// Single sign-on against a real OpenID Provider (tests/support/oidc-provider.ts)
// through Tessera's real server, the redirect chain followed by hand with a
// cookie jar per origin, as a browser would: start, the provider, the
// callback, and the exchange of the pending sign-in for a session. The
// server and its database are this file's own, so the SSO settings and the
// password policy it changes reach no other test.
import "../support/own-database";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { startTestProvider, type TestProvider } from "../support/oidc-provider";
import { startServer, type TestServer } from "../support/server";
import { TEST_OWNER } from "../support/test-env";
import { consoleSignIn, db } from "./api-helpers";
import { runAction } from "./console-actions";

const { createOperator, updateOperator } = await import("@/lib/data/operators");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { PASSWORD_SIGN_IN_OFF } = await import("@/lib/data/sign-in-steps");
const { setSetting } = await import("@/lib/data/settings");

const DOMAIN = "sso.tessera.test";
let server: TestServer;
let idp: TestProvider;
let ownerCookie: string;

/** The data of an action run as the owner on this file's server, failing on a refusal. */
async function ownerAction(name: string, input: unknown): Promise<void> {
  const reply = await runAction(ownerCookie, name, input, 0, server.baseUrl);
  const result = /\{"ok":(true|false).*\}/.exec(reply.text);
  assert.ok(result, `no action result in ${reply.text.slice(0, 300)}`);
  assert.equal(JSON.parse(result[0]).ok, true, result[0]);
}

const configure = (newOperators: string) =>
  ownerAction("setSsoConfigAction", {
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    allowedDomains: `${DOMAIN}, other-allowed.test`,
    newOperators,
  });

before(async () => {
  server = await startServer({
    databaseUrl: process.env.DATABASE_URL,
    distDir: process.env.TESSERA_DIST_DIR,
    env: { TESSERA_SSO_ALLOW_HTTP_ISSUER: "1" },
  });
  idp = await startTestProvider(`${server.baseUrl}/api/auth/sso/callback`);
  const owner = await consoleSignIn(TEST_OWNER.email, TEST_OWNER.password, { base: server.baseUrl });
  assert.ok(owner.session, `the owner did not sign in: ${owner.error}`);
  ownerCookie = owner.session;
  await configure("existing");
});

after(async () => {
  await server?.stop();
  await idp?.close();
});

/** A browser, by hand: cookies kept per origin (and dropped when a response expires them), redirects not followed. */
class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  cookies(url: string): Map<string, string> {
    const origin = new URL(url).origin;
    if (!this.jar.has(origin)) this.jar.set(origin, new Map());
    return this.jar.get(origin)!;
  }

  cookieHeader(url: string): string {
    return [...this.cookies(url)].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader(url) },
    });
    const jar = this.cookies(url);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const name = pair!.slice(0, pair!.indexOf("=")).trim();
      const value = pair!.slice(pair!.indexOf("=") + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }
}

const locationOf = (response: Response, base: string) => new URL(response.headers.get("location") ?? "", base).href;

/** "Sign in with SSO" up to the provider's redirect back: the callback URL, not yet visited. */
async function untilCallback(browser: Browser): Promise<string> {
  const start = await browser.request(`${server.baseUrl}/api/auth/sso/start`);
  assert.equal(start.status, 303, await start.text());
  let url = locationOf(start, server.baseUrl);
  assert.ok(url.startsWith(`${idp.issuer}/auth?`), `start redirected to ${url}`);
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(`${server.baseUrl}/api/auth/sso/callback?`)) return url;
    const response = await browser.request(url);
    assert.equal(response.status, 303, `${url}: ${response.status} ${await response.text()}`);
    url = locationOf(response, url);
  }
  throw new Error("the provider never redirected back");
}

type Outcome = { refused: string | null; session: string | null };

/** Visits the callback, then, as /sign-in/sso's script does, exchanges the pending sign-in for a session. */
async function finish(browser: Browser, callbackUrl: string): Promise<Outcome> {
  const callback = await browser.request(callbackUrl);
  assert.equal(callback.status, 303);
  const landing = new URL(locationOf(callback, server.baseUrl));
  assert.equal(landing.pathname, "/sign-in/sso");
  const refused = landing.searchParams.get("error");
  if (refused) return { refused, session: null };
  const csrf = await browser.request(`${server.baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  await browser.request(`${server.baseUrl}/api/auth/callback/pending`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, code: "", json: "true" }).toString(),
  });
  const token = browser.cookies(server.baseUrl).get("next-auth.session-token");
  return { refused: null, session: token ? `next-auth.session-token=${token}` : null };
}

async function ssoSignIn(identity: { email: string; emailVerified?: boolean }): Promise<Outcome> {
  const browser = new Browser();
  idp.signInAs({ emailVerified: true, ...identity });
  return finish(browser, await untilCallback(browser));
}

/** Whether the console's profile page opens for this session cookie as this operator. */
async function signedInAs(cookie: string, email: string): Promise<boolean> {
  const reply = await fetch(`${server.baseUrl}/profile`, { headers: { cookie }, redirect: "manual" });
  return reply.status === 200 && (await reply.text()).includes(email);
}

const newEmail = (prefix: string, domain = DOMAIN) => `${prefix}-${randomBytes(4).toString("hex")}@${domain}`;

async function lastRefusal(email?: string) {
  return db().auditEvent.findFirst({
    where: { action: "operator.sso-refuse", ...(email && { target: email }) },
    orderBy: { id: "desc" },
  });
}

describe("single sign-on", () => {
  test("an existing operator signs in; no second factor is asked even where the policy requires one", async () => {
    const email = newEmail("admin");
    await createOperator(SYSTEM_ACTOR, { email, password: "sso admin password 1", role: "admin" });
    // Set directly: through the owner's action it would end the owner's own password session, which owes a factor then.
    await setSetting(SYSTEM_ACTOR, "signIn.requireSecondFactor", "everyone");
    try {
      const outcome = await ssoSignIn({ email });
      assert.equal(outcome.refused, null);
      assert.ok(outcome.session, "a session cookie");
      assert.equal(await signedInAs(outcome.session, email), true);
    } finally {
      await setSetting(SYSTEM_ACTOR, "signIn.requireSecondFactor", "nobody");
    }
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "operator.sso-sign-in", target: email } });
    assert.equal(audit.result, "ok");
  });

  test("an email the provider has not verified is refused", async () => {
    const email = newEmail("unverified");
    await createOperator(SYSTEM_ACTOR, { email, password: "sso unverified password 1", role: "viewer" });
    const outcome = await ssoSignIn({ email, emailVerified: false });
    assert.equal(outcome.refused, "unverified-email");
    assert.match((await lastRefusal(email))?.details ?? "", /unverified-email/);
  });

  test("an email outside the allowed domains is refused, even for an existing operator", async () => {
    const email = newEmail("outsider", "elsewhere.test");
    await createOperator(SYSTEM_ACTOR, { email, password: "sso outsider password 1", role: "viewer" });
    const outcome = await ssoSignIn({ email });
    assert.equal(outcome.refused, "domain-not-allowed");
    assert.match((await lastRefusal(email))?.details ?? "", /domain-not-allowed/);
  });

  test("a tampered ID token (another email, the old signature) is refused", async () => {
    const email = newEmail("victim");
    const attacker = newEmail("attackr");
    await createOperator(SYSTEM_ACTOR, { email, password: "sso victim password 1", role: "admin" });
    idp.tamperNextIdToken(email);
    const outcome = await ssoSignIn({ email: attacker });
    assert.equal(outcome.refused, "invalid-response");
    const refusal = await lastRefusal();
    assert.match(refusal?.details ?? "", /invalid-response/);
    assert.match(refusal?.details ?? "", /signature verification failed/);
    assert.equal(await db().auditEvent.count({ where: { action: "operator.sso-sign-in", target: email } }), 0);
  });

  test("a replayed state is refused: with the browser's cookie gone, and with the cookie put back", async () => {
    const email = newEmail("replay");
    await createOperator(SYSTEM_ACTOR, { email, password: "sso replay password 1", role: "viewer" });
    const browser = new Browser();
    idp.signInAs({ email, emailVerified: true });
    const callbackUrl = await untilCallback(browser);
    const stateCookie = browser.cookies(server.baseUrl).get("tessera.sso-state")!;
    assert.ok(stateCookie, "the start set the state cookie");
    assert.ok((await finish(browser, callbackUrl)).session);
    assert.equal((await finish(browser, callbackUrl)).refused, "expired");
    // Someone holding both the callback URL and the cookie: the state was spent on the server.
    browser.cookies(server.baseUrl).set("tessera.sso-state", stateCookie);
    assert.equal((await finish(browser, callbackUrl)).refused, "expired");
    // And a callback from another browser (no state cookie of its own) is refused too.
    const other = new Browser();
    idp.signInAs({ email, emailVerified: true });
    const fresh = await untilCallback(new Browser());
    assert.equal((await finish(other, fresh)).refused, "expired");
  });

  test("a disabled operator is refused", async () => {
    const email = newEmail("disabled");
    const op = await createOperator(SYSTEM_ACTOR, { email, password: "sso disabled password 1", role: "viewer" });
    await updateOperator(SYSTEM_ACTOR, op.id, { disabled: true });
    assert.equal((await ssoSignIn({ email })).refused, "disabled-operator");
  });

  test("'existing operators only' refuses an unknown email; a chosen role creates the operator at first sign-in", async () => {
    const email = newEmail("newcomer");
    assert.equal((await ssoSignIn({ email })).refused, "unknown-operator");
    assert.equal(await db().operator.count({ where: { email } }), 0);
    await configure("developer");
    try {
      const outcome = await ssoSignIn({ email });
      assert.ok(outcome.session, `refused: ${outcome.refused}`);
      assert.equal(await signedInAs(outcome.session, email), true);
      const created = await db().operator.findUniqueOrThrow({ where: { email } });
      assert.equal(created.role, "developer");
      const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "operator.create", target: email } });
      assert.match(audit.details ?? "", /"via":"sso"/);
    } finally {
      await configure("existing");
    }
  });

  test("with password sign-in for owners only, a non-owner's right password is refused on the server; an owner's is not", async () => {
    const email = newEmail("password");
    const password = "sso password policy 1";
    await createOperator(SYSTEM_ACTOR, { email, password, role: "admin" });
    await ownerAction("setPasswordSignInAction", { ownersOnly: true });
    try {
      const refused = await consoleSignIn(email, password, { base: server.baseUrl });
      assert.equal(refused.session, null);
      assert.equal(refused.error, PASSWORD_SIGN_IN_OFF);
      // A wrong password still says only that: the policy tells nothing to someone guessing.
      const wrong = await consoleSignIn(email, "not the password", { base: server.baseUrl });
      assert.equal(wrong.error, "CredentialsSignin");
      assert.ok((await consoleSignIn(TEST_OWNER.email, TEST_OWNER.password, { base: server.baseUrl })).session);
      // SSO still signs the non-owner in.
      assert.ok((await ssoSignIn({ email })).session);
    } finally {
      await ownerAction("setPasswordSignInAction", { ownersOnly: false });
    }
    assert.ok((await consoleSignIn(email, password, { base: server.baseUrl })).session);
    assert.ok(await db().auditEvent.count({ where: { action: "setting.password-sign-in" } }));
  });

  test("a person who cancels at the provider is told so; an unreachable provider says SSO is unavailable, never a 500", async () => {
    const browser = new Browser();
    const start = await browser.request(`${server.baseUrl}/api/auth/sso/start`);
    const state = new URL(locationOf(start, server.baseUrl)).searchParams.get("state")!;
    const cancelled = new URLSearchParams({ error: "access_denied", state, iss: idp.issuer });
    const callbackUrl = `${server.baseUrl}/api/auth/sso/callback?${cancelled}`;
    assert.equal((await finish(browser, callbackUrl)).refused, "provider-denied");
    assert.match((await lastRefusal())?.details ?? "", /access_denied/);

    const closed = await startTestProvider(`${server.baseUrl}/api/auth/sso/callback`);
    await closed.close();
    await ownerAction("setSsoConfigAction", {
      issuer: closed.issuer,
      clientId: "gone",
      clientSecret: "gone",
      allowedDomains: DOMAIN,
      newOperators: "existing",
    });
    try {
      const refused = await new Browser().request(`${server.baseUrl}/api/auth/sso/start`);
      assert.equal(refused.status, 303);
      assert.equal(refused.headers.get("location"), "/sign-in/sso?error=unavailable");
      const page = await fetch(`${server.baseUrl}/sign-in/sso?error=unavailable`);
      assert.match(await page.text(), /Single sign-on is not available right now/);
    } finally {
      await configure("existing");
    }
  });

  test("the client secret is never shown back nor audited, and no token reaches the audit trail", async () => {
    const page = await fetch(`${server.baseUrl}/operators`, { headers: { cookie: ownerCookie } });
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /Single sign-on/);
    assert.ok(!html.includes(idp.clientSecret), "the settings page holds the client secret");
    const signIn = await (await fetch(`${server.baseUrl}/sign-in`)).text();
    assert.match(signIn, /Sign in with SSO/);
    const rows = await db().auditEvent.findMany({
      where: { action: { in: ["sso.configure", "operator.sso-sign-in", "operator.sso-refuse"] } },
    });
    assert.ok(rows.some((row) => row.action === "sso.configure"));
    for (const row of rows) {
      const text = JSON.stringify(row);
      assert.ok(!text.includes(idp.clientSecret), `${row.action} holds the client secret`);
      assert.doesNotMatch(text, /eyJ[\w-]+\.[\w-]+\./, `${row.action} holds a token`);
    }
    assert.ok(!server.output().includes(idp.clientSecret), "the server logged the client secret");
  });
});
