// Second factors on whichever database this pass uses: TOTP enrolment and
// checking (±1 step, each step once, throttled before checking), recovery
// codes (single-use, hashed, audited with the number left), the secret
// encrypted and covered by keys:rewrap, pending sign-ins (single-use,
// expiring), the owner's policy, and password strength.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { db } = await import("@/lib/db");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const operators = await import("@/lib/data/operators");
const factors = await import("@/lib/data/second-factors");
const pendingSignIns = await import("@/lib/data/pending-sign-ins");
const steps = await import("@/lib/data/sign-in-steps");
const { setSetting } = await import("@/lib/data/settings");
const { rewrapStoredKeys } = await import("@/lib/data/keys");
const { decodeBase32IgnorePadding } = await import("@oslojs/encoding");
const { totpCodeAt, matchingStep, currentStep } = await import("@/lib/auth/totp");
const { passwordWeakness } = await import("@/lib/auth/password-strength");
const { RateLimitError, ValidationError, ConflictError } = await import("@/lib/errors");

let n = 0;
async function newOperator(role: "owner" | "admin" | "developer" | "viewer" | "scoped" = "developer") {
  const email = `op${++n}@tessera.test`;
  const op = await operators.createOperator(SYSTEM_ACTOR, { email, password: "a long enough password", role });
  return { ...op, actor: { type: "operator" as const, id: email, ip: `10.0.0.${n}` } };
}
const secretBytes = (text: string) => decodeBase32IgnorePadding(text.replace(/ /g, ""));

async function enrolled() {
  const op = await newOperator();
  const { secret } = await factors.startTotpEnrollment(op.id, op.email);
  const key = secretBytes(secret);
  // The previous step's code: the current one stays free for the test itself.
  const recoveryCodes = await factors.confirmTotpEnrollment(op.actor, op.id, totpCodeAt(key, Date.now() - 30_000));
  return { op, key, recoveryCodes };
}

describe("TOTP", () => {
  test("codes of the current step and one either side match; two steps away do not", () => {
    const key = new Uint8Array(20).fill(7);
    const now = Date.now();
    for (const offset of [-30_000, 0, 30_000])
      assert.equal(matchingStep(key, totpCodeAt(key, now + offset), now), currentStep(now + offset));
    assert.equal(matchingStep(key, totpCodeAt(key, now + 61_000), now), null);
    assert.equal(matchingStep(key, "12345", now), null);
  });

  test("enrolment: the secret is stored encrypted, confirmed by a code, and gives 10 recovery codes", async () => {
    const op = await newOperator();
    const { secret, uri } = await factors.startTotpEnrollment(op.id, op.email);
    assert.match(uri, /^otpauth:\/\/totp\/Tessera:/);
    const row = await db().totpFactor.findUniqueOrThrow({
      where: { operatorId: op.id },
      omit: { secretCiphertext: false },
    });
    assert.match(row.secretCiphertext, /^v2:/);
    assert.ok(!row.secretCiphertext.includes(secret.replace(/ /g, "")));
    assert.equal((await factors.secondFactorStatus(op.id)).totp, false);
    await assert.rejects(factors.confirmTotpEnrollment(op.actor, op.id, "000000"), ValidationError);
    const codes = await factors.confirmTotpEnrollment(op.actor, op.id, totpCodeAt(secretBytes(secret)));
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    assert.deepEqual(await factors.secondFactorStatus(op.id), { totp: true, recoveryCodesLeft: 10 });
    const stored = await db().recoveryCode.findMany({ where: { operatorId: op.id } });
    for (const code of codes) assert.ok(stored.every((r) => r.codeHash !== code && !r.codeHash.includes(code)));
    await assert.rejects(factors.startTotpEnrollment(op.id, op.email), ConflictError);
    const audit = await db().auditEvent.findMany({ where: { action: "operator.totp-enroll", target: op.email } });
    assert.equal(audit.length, 1);
    assert.ok(!audit[0]!.details.includes(codes[0]!));
  });

  test("a time step is accepted once per operator: the same code, or an older one, is refused", async () => {
    const { op, key } = await enrolled();
    const code = totpCodeAt(key);
    assert.equal(await factors.verifySecondFactor(op.actor, op.id, code), "totp");
    assert.equal(await factors.verifySecondFactor(op.actor, op.id, code), null);
    assert.equal(await factors.verifySecondFactor(op.actor, op.id, totpCodeAt(key, Date.now() - 30_000)), null);
  });

  test("two concurrent requests with the same code: exactly one passes", async () => {
    const { op, key } = await enrolled();
    const code = totpCodeAt(key);
    const results = await Promise.all([0, 1, 2].map(() => factors.verifySecondFactor(op.actor, op.id, code)));
    assert.equal(results.filter((r) => r === "totp").length, 1);
  });

  test("codes are counted before they are checked: after 5 wrong ones even the right code is refused", async () => {
    const { op, key } = await enrolled();
    for (let i = 0; i < 5; i++) assert.equal(await factors.verifySecondFactor(op.actor, op.id, "000000"), null);
    await assert.rejects(factors.verifySecondFactor(op.actor, op.id, totpCodeAt(key)), RateLimitError);
    // Another client is not blocked by this one's pair limit.
    const elsewhere = { ...op.actor, ip: "10.9.9.9" };
    assert.equal(await factors.verifySecondFactor(elsewhere, op.id, totpCodeAt(key)), "totp");
  });

  test("one client guessing across operators is stopped by the per-client limit", async () => {
    const ip = "10.77.0.1";
    let refused = false;
    for (let i = 0; i < 6 && !refused; i++) {
      const { op } = await enrolled();
      for (let j = 0; j < 4 && !refused; j++) {
        try {
          await factors.verifySecondFactor({ ...op.actor, ip }, op.id, "000000");
        } catch (error) {
          assert.ok(error instanceof RateLimitError);
          refused = true;
        }
      }
    }
    assert.ok(refused, "21 wrong codes from one client across operators are refused");
  });

  test("a recovery code works once, and its use is audited with the number left", async () => {
    const { op, recoveryCodes } = await enrolled();
    assert.equal(await factors.verifySecondFactor(op.actor, op.id, recoveryCodes[0]!.toLowerCase()), "recovery-code");
    assert.equal(await factors.verifySecondFactor(op.actor, op.id, recoveryCodes[0]!), null);
    const [row] = await db().auditEvent.findMany({ where: { action: "operator.recovery-code-use", target: op.email } });
    assert.deepEqual(JSON.parse(row!.details), { left: 9 });
    assert.ok(!row!.details.includes(recoveryCodes[0]!));
    const fresh = await factors.regenerateRecoveryCodes(op.actor, op.id);
    assert.equal(await factors.verifySecondFactor(op.actor, op.id, recoveryCodes[1]!), null, "the old set is gone");
    assert.equal(await factors.verifySecondFactor(op.actor, op.id, fresh[0]!), "recovery-code");
  });

  test("turning off removes the secret and the recovery codes, audited", async () => {
    const { op } = await enrolled();
    await factors.disableTotp(op.actor, op.id);
    assert.deepEqual(await factors.secondFactorStatus(op.id), { totp: false, recoveryCodesLeft: 0 });
    assert.equal(await db().auditEvent.count({ where: { action: "operator.totp-disable", target: op.email } }), 1);
  });

  test("keys:rewrap re-encrypts TOTP secrets, and the factor still works", async () => {
    const { op, key } = await enrolled();
    const row = await db().totpFactor.findUniqueOrThrow({
      where: { operatorId: op.id },
      omit: { secretCiphertext: false },
    });
    // The legacy format (no master key id) is what a rewrap always moves.
    await db().totpFactor.update({
      where: { operatorId: op.id },
      data: { secretCiphertext: row.secretCiphertext.replace(/^v2:[0-9a-f]{16}:/, "v1:") },
    });
    const result = await rewrapStoredKeys(SYSTEM_ACTOR);
    assert.equal(result.totpSecrets.rewrapped.v1, 1);
    assert.equal(await factors.verifySecondFactor(op.actor, op.id, totpCodeAt(key)), "totp");
    assert.equal(Object.keys((await rewrapStoredKeys(SYSTEM_ACTOR)).totpSecrets.rewrapped).length, 0);
  });
});

describe("pending sign-ins and the policy", () => {
  test("a pending sign-in is single-use, expires, and ends with a new password", async () => {
    const op = await newOperator();
    const token = await pendingSignIns.createPendingSignIn({ id: op.id, sessionVersion: 0 }, "second-factor");
    assert.equal((await pendingSignIns.findPendingSignIn(token))?.operatorId, op.id);
    assert.equal(await pendingSignIns.findPendingSignIn(`${token}x`), null);
    const spent = await Promise.all([0, 1].map(() => pendingSignIns.consumePendingSignIn(token)));
    assert.deepEqual(spent.sort(), [false, true]);
    assert.equal(await pendingSignIns.findPendingSignIn(token), null);
    const old = await pendingSignIns.createPendingSignIn(
      { id: op.id, sessionVersion: 0 },
      "second-factor",
      new Date(Date.now() - 11 * 60_000),
    );
    assert.equal(await pendingSignIns.findPendingSignIn(old), null);
    assert.equal(await pendingSignIns.consumePendingSignIn(old), false);
    const live = await pendingSignIns.createPendingSignIn({ id: op.id, sessionVersion: 0 }, "second-factor");
    await operators.updateOperator(SYSTEM_ACTOR, op.id, { password: "another long password 9" });
    assert.equal(await pendingSignIns.findPendingSignIn(live), null, "a new password ends it");
  });

  test("the password step says what is owed: a second factor, enrolment under the policy, a new password", async () => {
    const { op } = await enrolled();
    const signIn = (email: string, ip = "10.50.0.1") =>
      operators.authenticateOperator({ email, password: "a long enough password", ip });
    assert.equal((await signIn(op.email))?.next, "second-factor");
    const admin = await newOperator("admin");
    const viewer = await newOperator("viewer");
    assert.equal((await signIn(admin.email))?.next, "session");
    await setSetting(SYSTEM_ACTOR, "signIn.requireSecondFactor", "privileged");
    assert.equal((await signIn(admin.email))?.next, "enroll");
    assert.equal((await signIn(viewer.email))?.next, "session");
    assert.equal(await steps.owesSignInStep({ ...admin, mustChangePassword: false }), true);
    await setSetting(SYSTEM_ACTOR, "signIn.requireSecondFactor", "everyone");
    assert.equal((await signIn(viewer.email))?.next, "enroll");
    await setSetting(SYSTEM_ACTOR, "signIn.requireSecondFactor", "nobody");
    assert.equal(await steps.owesSignInStep({ ...admin, mustChangePassword: false }), false);
    await db().operator.update({ where: { id: viewer.id }, data: { mustChangePassword: true } });
    assert.equal((await signIn(viewer.email))?.next, "change-password");
    // Only a finished sign-in is recorded as one.
    const signIns = await db().auditEvent.count({
      where: { action: "operator.sign-in", target: op.email, result: "ok" },
    });
    assert.equal(signIns, 0);
  });
});

describe("resets", () => {
  test("an owner's reset removes the factors and ends the operator's sessions, audited", async () => {
    const { op } = await enrolled();
    const before = await db().operator.findUniqueOrThrow({ where: { id: op.id } });
    await operators.resetOperatorSecondFactors(SYSTEM_ACTOR, op.id);
    assert.deepEqual(await factors.secondFactorStatus(op.id), { totp: false, recoveryCodesLeft: 0 });
    const after = await db().operator.findUniqueOrThrow({ where: { id: op.id } });
    assert.equal(after.sessionVersion, before.sessionVersion + 1);
    assert.equal(await db().auditEvent.count({ where: { action: "operator.reset-factors", target: op.email } }), 1);
  });

  test("break-glass: a one-time password that must be changed, no factors, enabled, audited without the password", async () => {
    const { op } = await enrolled();
    await operators.updateOperator(SYSTEM_ACTOR, op.id, { disabled: true });
    const password = await operators.breakGlassReset(SYSTEM_ACTOR, op.email.toUpperCase());
    assert.ok(password.length >= 20);
    const signIn = await operators.authenticateOperator({ email: op.email, password, ip: "10.60.0.1" });
    assert.equal(signIn?.next, "change-password");
    assert.equal((await factors.secondFactorStatus(op.id)).totp, false);
    const [row] = await db().auditEvent.findMany({ where: { action: "operator.break-glass-reset", target: op.email } });
    assert.ok(row && !row.details.includes(password));
  });
});

describe("password strength", () => {
  test("common passwords and the email are refused; a long phrase passes", () => {
    assert.match(passwordWeakness("password1234", "a@b.test") ?? "", /too easy/);
    assert.match(passwordWeakness("qwertyuiop123", "a@b.test") ?? "", /too easy/);
    assert.match(passwordWeakness("ops.lead@tessera.test", "ops.lead@tessera.test") ?? "", /email/);
    assert.match(passwordWeakness("ops.lead2024!!", "ops.lead@tessera.test") ?? "", /email/);
    assert.equal(passwordWeakness("correct horse battery staple", "a@b.test"), null);
  });
});

describe("IPv6 clients are counted per /64", () => {
  test("wrong passwords from many addresses of one /64 hit the strict limit; another /64 is a client of its own", async () => {
    const op = await newOperator();
    const from = (host: number, prefix = "2001:db8:7:1") => `${prefix}::${host.toString(16)}`;
    for (let host = 1; host <= 5; host++)
      assert.equal(await operators.authenticateOperator({ email: op.email, password: "wrong", ip: from(host) }), null);
    // A sixth address of the same /64, even with the right password, is refused before any check.
    await assert.rejects(
      operators.authenticateOperator({ email: op.email, password: "a long enough password", ip: from(0xffff) }),
      RateLimitError,
    );
    const elsewhere = await operators.authenticateOperator({
      email: op.email,
      password: "a long enough password",
      ip: from(1, "2001:db8:7:2"),
    });
    assert.equal(elsewhere?.id, op.id);
  });

  test("second-factor codes from one /64 share one count", async () => {
    const { op } = await enrolled();
    const actorAt = (ip: string) => ({ ...op.actor, ip });
    for (let host = 1; host <= 5; host++)
      assert.equal(await factors.verifySecondFactor(actorAt(`2001:db8:8:1::${host}`), op.id, "000000"), null);
    await assert.rejects(factors.verifySecondFactor(actorAt("2001:db8:8:1::99"), op.id, "000000"), RateLimitError);
  });
});
