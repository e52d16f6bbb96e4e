// Single sign-on's configuration on whichever database this pass uses: the
// issuer must be https unless the environment allows http, the client secret
// is encrypted, never shown back or audited, kept when left empty and
// covered by keys:rewrap; password sign-in for owners only.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { db } = await import("@/lib/db");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const sso = await import("@/lib/data/sso-config");
const { rewrapStoredKeys } = await import("@/lib/data/keys");
const { setSetting } = await import("@/lib/data/settings");
const { passwordSignInAllowed } = await import("@/lib/data/sign-in-steps");
const { issuerUrlProblem, ssoConfigSchema } = await import("@/lib/validations/sso");
const { ValidationError } = await import("@/lib/errors");
const { createOperator } = await import("@/lib/data/operators");
const { createPendingSignIn, findPendingSignIn } = await import("@/lib/data/pending-sign-ins");

const SECRET = "client secret that must stay secret";
const input = (changes: Record<string, unknown> = {}) =>
  ssoConfigSchema.parse({
    issuer: "https://idp.example.com",
    clientId: "tessera",
    clientSecret: SECRET,
    allowedDomains: "@Example.com, example.org example.com",
    newOperators: "existing",
    ...changes,
  });

describe("the issuer URL", () => {
  test("https is required; http only where the environment allows it", () => {
    assert.equal(issuerUrlProblem("https://idp.example.com/realms/main", false), null);
    assert.match(issuerUrlProblem("http://127.0.0.1:8080", false) ?? "", /https:\/\/.*TESSERA_SSO_ALLOW_HTTP_ISSUER/);
    assert.equal(issuerUrlProblem("http://127.0.0.1:8080", true), null);
    assert.match(issuerUrlProblem("ftp://idp.example.com", true) ?? "", /https/);
    assert.match(issuerUrlProblem("idp.example.com", false) ?? "", /full URL/);
    assert.match(issuerUrlProblem("https://idp.example.com/?tenant=1", false) ?? "", /query/);
    assert.match(issuerUrlProblem("https://idp.example.com/#x", false) ?? "", /fragment/);
    assert.match(issuerUrlProblem("https://user:pw@idp.example.com", false) ?? "", /user name or password/);
  });

  test("this process does not allow http, so saving an http issuer is refused with the field named", async () => {
    await assert.rejects(
      sso.setSsoConfig(SYSTEM_ACTOR, input({ issuer: "http://idp.example.com" })),
      (error: unknown) => error instanceof ValidationError && Boolean(error.fieldErrors.issuer),
    );
    assert.equal(await sso.getSsoSettings(), null);
  });
});

describe("the configuration", () => {
  test("domains are normalised; at least one, each a domain", () => {
    assert.deepEqual(input().allowedDomains, ["example.com", "example.org"]);
    assert.equal(ssoConfigSchema.safeParse({ ...input(), allowedDomains: " , " }).success, false);
    assert.equal(ssoConfigSchema.safeParse({ ...input(), allowedDomains: "not a domain!" }).success, false);
    assert.equal(ssoConfigSchema.safeParse({ ...input(), newOperators: "owner" }).success, false);
  });

  test("the first save needs the client secret; it is stored encrypted, never read back or audited, and kept when empty", async () => {
    await assert.rejects(sso.setSsoConfig(SYSTEM_ACTOR, input({ clientSecret: "" })), /client secret/);
    await sso.setSsoConfig(SYSTEM_ACTOR, input());
    const row = await db().ssoConfig.findUniqueOrThrow({ where: { id: 1 }, omit: { clientSecretCiphertext: false } });
    assert.ok(!row.clientSecretCiphertext.includes(SECRET));
    assert.ok(!JSON.stringify(await sso.getSsoSettings()).includes("clientSecret"));
    assert.ok(
      !JSON.stringify(await db().ssoConfig.findUnique({ where: { id: 1 } })).includes(row.clientSecretCiphertext),
    );
    await sso.setSsoConfig(SYSTEM_ACTOR, input({ clientSecret: "", newOperators: "viewer" }));
    assert.equal((await sso.loadSsoClient())?.clientSecret, SECRET);
    assert.equal((await sso.getSsoSettings())?.newOperatorRole, "viewer");
    const audits = await db().auditEvent.findMany({ where: { action: "sso.configure" } });
    assert.equal(audits.length, 2);
    for (const audit of audits) assert.ok(!JSON.stringify(audit).includes(SECRET));
  });

  test("keys:rewrap re-encrypts the client secret, which still decrypts", async () => {
    await sso.setSsoConfig(SYSTEM_ACTOR, input());
    const row = await db().ssoConfig.findUniqueOrThrow({ where: { id: 1 }, omit: { clientSecretCiphertext: false } });
    // The legacy format (no master key id) is what a rewrap always moves.
    await db().ssoConfig.update({
      where: { id: 1 },
      data: { clientSecretCiphertext: row.clientSecretCiphertext.replace(/^v2:[0-9a-f]{16}:/, "v1:") },
    });
    assert.equal((await rewrapStoredKeys(SYSTEM_ACTOR)).ssoClientSecret.rewrapped.v1, 1);
    assert.equal((await sso.loadSsoClient())?.clientSecret, SECRET);
    assert.deepEqual((await rewrapStoredKeys(SYSTEM_ACTOR)).ssoClientSecret.rewrapped, {});
  });

  test("turning SSO off deletes the configuration and the SSO sign-ins under way, audited", async () => {
    const op = await createOperator(SYSTEM_ACTOR, {
      email: "sso-off@tessera.test",
      password: "long password 1",
      role: "viewer",
    });
    const vouched = await createPendingSignIn({ id: op.id, sessionVersion: 0 }, "sso");
    const password = await createPendingSignIn({ id: op.id, sessionVersion: 0 }, "ready");
    await sso.removeSsoConfig(SYSTEM_ACTOR);
    assert.equal(await sso.getSsoSettings(), null);
    assert.equal(await findPendingSignIn(vouched), null);
    assert.ok(await findPendingSignIn(password));
    assert.equal(await db().auditEvent.count({ where: { action: "sso.remove" } }), 1);
    await assert.rejects(sso.removeSsoConfig(SYSTEM_ACTOR), /not configured/);
  });
});

describe("password sign-in for owners only", () => {
  test("off for everyone but owners, audited as its own action", async () => {
    assert.equal(await passwordSignInAllowed({ role: "admin" }), true);
    await setSetting(SYSTEM_ACTOR, "signIn.passwordOwnersOnly", true, "setting.password-sign-in");
    assert.equal(await passwordSignInAllowed({ role: "admin" }), false);
    assert.equal(await passwordSignInAllowed({ role: "scoped" }), false);
    assert.equal(await passwordSignInAllowed({ role: "owner" }), true);
    assert.equal(await db().auditEvent.count({ where: { action: "setting.password-sign-in" } }), 1);
    await setSetting(SYSTEM_ACTOR, "signIn.passwordOwnersOnly", false, "setting.password-sign-in");
  });
});
