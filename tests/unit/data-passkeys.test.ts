// Passkeys on whichever database this pass uses, with a software
// authenticator (tests/support/soft-authenticator.ts) answering the server's
// real challenges: registration, a passkey as second factor and alone, and
// what is refused: a replayed or concurrently reused assertion, an expired
// challenge, a challenge issued for another purpose or operator, another
// origin, a counter that does not grow, a disabled operator. Passkeys count
// for the owner's policy and are removed by resets.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";
import { softAuthenticator } from "../support/soft-authenticator";

await useTestDatabase();
const { db } = await import("@/lib/db");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const operators = await import("@/lib/data/operators");
const passkeys = await import("@/lib/data/passkeys");
const { signInWithPasskey } = await import("@/lib/data/passkey-sign-in");
const { verifyPasskeyFactor } = await import("@/lib/data/second-factors");
const steps = await import("@/lib/data/sign-in-steps");
const { setSetting } = await import("@/lib/data/settings");
const { ConflictError, NotFoundError, ValidationError } = await import("@/lib/errors");

let n = 0;
async function newOperator(role: "owner" | "admin" | "developer" = "developer") {
  const email = `pk${++n}@tessera.test`;
  const op = await operators.createOperator(SYSTEM_ACTOR, { email, password: "a long enough password", role });
  return { ...op, actor: { type: "operator" as const, id: email, ip: `10.7.0.${n}` } };
}

/** An operator with one registered passkey, and the authenticator that holds it. */
async function withPasskey(role: "owner" | "admin" | "developer" = "developer") {
  const op = await newOperator(role);
  const authenticator = softAuthenticator();
  const options = await passkeys.registrationOptions(op);
  await passkeys.addPasskey(op.actor, op.id, "Laptop", authenticator.register(options.challenge));
  return { op, authenticator };
}

const secondFactorChallenge = async (operatorId: string) =>
  (await passkeys.authenticationOptions(operatorId)).challenge;
const signInChallenge = async () => (await passkeys.authenticationOptions(null)).challenge;

describe("registering", () => {
  test("a verified registration is stored and audited without its public key; the challenge works once", async () => {
    const op = await newOperator();
    const authenticator = softAuthenticator();
    const options = await passkeys.registrationOptions(op);
    assert.equal(options.rp.id, "localhost");
    assert.equal(options.authenticatorSelection?.residentKey, "required");
    const response = authenticator.register(options.challenge);
    const added = await passkeys.addPasskey(op.actor, op.id, "Laptop", response);
    assert.equal(added.name, "Laptop");
    assert.deepEqual(
      (await passkeys.listPasskeys(op.id)).map((p) => [p.id, p.name, p.lastUsedAt]),
      [[authenticator.id, "Laptop", null]],
    );
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "operator.passkey-add", target: op.email },
    });
    const stored = await db().passkey.findUniqueOrThrow({ where: { id: authenticator.id } });
    assert.ok(!JSON.stringify(audit).includes(stored.publicKey), "the audit row does not carry the public key");
    assert.ok(!JSON.stringify(audit).includes(options.challenge), "nor the challenge");
    // The same answer again: its challenge is spent.
    await assert.rejects(passkeys.addPasskey(op.actor, op.id, "Again", response), ValidationError);
    // A second registration of the same credential is refused as a duplicate.
    const again = await passkeys.registrationOptions(op);
    assert.deepEqual(
      again.excludeCredentials?.map((c) => c.id),
      [authenticator.id],
    );
    await assert.rejects(
      passkeys.addPasskey(op.actor, op.id, "Again", authenticator.register(again.challenge)),
      ConflictError,
    );
  });

  test("a registration from another origin, or answering another operator's challenge, is refused", async () => {
    const op = await newOperator();
    const other = await newOperator();
    const authenticator = softAuthenticator();
    const options = await passkeys.registrationOptions(op);
    await assert.rejects(
      passkeys.addPasskey(
        op.actor,
        op.id,
        "Evil",
        authenticator.register(options.challenge, { origin: "https://evil.test" }),
      ),
      ValidationError,
    );
    const theirs = await passkeys.registrationOptions(other);
    await assert.rejects(
      passkeys.addPasskey(op.actor, op.id, "Stolen", authenticator.register(theirs.challenge)),
      ValidationError,
    );
    assert.equal(await passkeys.countPasskeys(op.id), 0);
  });
});

describe("signing in", () => {
  test("as the second factor: accepted once, counter and last use recorded, the replay refused", async () => {
    const { op, authenticator } = await withPasskey();
    const response = authenticator.assert(await secondFactorChallenge(op.id));
    assert.equal(await verifyPasskeyFactor(op.actor, op.id, response), "passkey");
    const row = await db().passkey.findUniqueOrThrow({ where: { id: authenticator.id } });
    assert.equal(row.counter, 1n);
    assert.ok(row.lastUsedAt);
    assert.equal(await db().auditEvent.count({ where: { action: "operator.passkey-use", target: op.email } }), 1);
    assert.equal(await verifyPasskeyFactor(op.actor, op.id, response), null, "a replayed assertion");
  });

  test("two concurrent uses of one assertion: exactly one passes", async () => {
    const { op, authenticator } = await withPasskey();
    const response = authenticator.assert(await secondFactorChallenge(op.id));
    const results = await Promise.all(
      [0, 1, 2].map(() => passkeys.acceptPasskeyAssertion(response, op.id, "10.9.9.9")),
    );
    assert.equal(results.filter(Boolean).length, 1);
  });

  test("an expired challenge, another purpose's or operator's challenge, another origin are refused", async () => {
    const { op, authenticator } = await withPasskey();
    const other = await withPasskey();
    const accept = (response: ReturnType<typeof authenticator.assert>, operatorId: string | null = op.id) =>
      passkeys.acceptPasskeyAssertion(response, operatorId, "10.9.9.8");

    const expiring = await secondFactorChallenge(op.id);
    await db().webAuthnChallenge.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    assert.equal(await accept(authenticator.assert(expiring)), null, "expired");

    assert.equal(await accept(authenticator.assert(await signInChallenge())), null, "a passwordless challenge");
    assert.equal(
      await accept(authenticator.assert(await secondFactorChallenge(other.op.id))),
      null,
      "another operator's challenge",
    );
    assert.equal(
      await accept(other.authenticator.assert(await secondFactorChallenge(other.op.id))),
      null,
      "another operator's passkey as this operator's second factor",
    );
    assert.equal(
      await accept(authenticator.assert(await secondFactorChallenge(op.id), { origin: "https://evil.test" })),
      null,
      "another origin",
    );
    assert.ok(await accept(authenticator.assert(await secondFactorChallenge(op.id))), "and a good one still passes");
  });

  test("a signature counter that does not grow is refused", async () => {
    const { op, authenticator } = await withPasskey();
    assert.ok(
      await passkeys.acceptPasskeyAssertion(authenticator.assert(await secondFactorChallenge(op.id)), op.id, ""),
    );
    assert.ok(
      await passkeys.acceptPasskeyAssertion(authenticator.assert(await secondFactorChallenge(op.id)), op.id, ""),
    );
    authenticator.setCounter(0); // a cloned authenticator reports an old count
    assert.equal(
      await passkeys.acceptPasskeyAssertion(authenticator.assert(await secondFactorChallenge(op.id)), op.id, ""),
      null,
    );
  });

  test("passwordless: a session, or the owed new password; user verification required; disabled refused", async () => {
    const { op, authenticator } = await withPasskey("admin");
    await setSetting(SYSTEM_ACTOR, "signIn.requireSecondFactor", "everyone");
    try {
      const first = await signInWithPasskey(authenticator.assert(await signInChallenge()), "10.8.0.1");
      assert.equal(first?.id, op.id);
      assert.equal(first?.next, "session", "the passkey is the strong factor the policy asks for");
      const recorded = await db().auditEvent.findFirstOrThrow({
        where: { action: "operator.sign-in", target: op.email, result: "ok" },
      });
      assert.match(JSON.stringify(recorded.details), /passkey/);

      assert.equal(
        await signInWithPasskey(authenticator.assert(await signInChallenge(), { userVerified: false }), "10.8.0.1"),
        null,
        "no user verification",
      );
      await db().operator.update({ where: { id: op.id }, data: { mustChangePassword: true } });
      assert.equal(
        (await signInWithPasskey(authenticator.assert(await signInChallenge()), "10.8.0.1"))?.next,
        "change-password",
      );
      await db().operator.update({ where: { id: op.id }, data: { mustChangePassword: false, disabled: true } });
      assert.equal(await signInWithPasskey(authenticator.assert(await signInChallenge()), "10.8.0.1"), null);
    } finally {
      await setSetting(SYSTEM_ACTOR, "signIn.requireSecondFactor", "nobody");
    }
  });
});

describe("policy, removal and resets", () => {
  test("a passkey is a second factor: the password step asks for it, and the policy is met", async () => {
    const { op } = await withPasskey("admin");
    await setSetting(SYSTEM_ACTOR, "signIn.requireSecondFactor", "everyone");
    try {
      assert.equal(await steps.hasSecondFactor(op.id), true);
      assert.equal(await steps.owesSignInStep({ ...op, mustChangePassword: false }), false);
      const signIn = await operators.authenticateOperator({
        email: op.email,
        password: "a long enough password",
        ip: "10.8.1.1",
      });
      assert.equal(signIn?.next, "second-factor");
    } finally {
      await setSetting(SYSTEM_ACTOR, "signIn.requireSecondFactor", "nobody");
    }
  });

  test("removing: only one's own, audited; an owner's reset and break-glass remove every passkey", async () => {
    const { op, authenticator } = await withPasskey();
    const other = await newOperator();
    await assert.rejects(passkeys.removePasskey(other.actor, other.id, authenticator.id), NotFoundError);
    await passkeys.removePasskey(op.actor, op.id, authenticator.id);
    assert.equal(await passkeys.countPasskeys(op.id), 0);
    assert.equal(await db().auditEvent.count({ where: { action: "operator.passkey-remove", target: op.email } }), 1);

    const reset = await withPasskey();
    await operators.resetOperatorSecondFactors(SYSTEM_ACTOR, reset.op.id);
    assert.equal(await passkeys.countPasskeys(reset.op.id), 0);
    const glass = await withPasskey();
    await operators.breakGlassReset(SYSTEM_ACTOR, glass.op.email);
    assert.equal(await passkeys.countPasskeys(glass.op.id), 0);
  });
});
