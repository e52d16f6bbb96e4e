// Passkey sign-in over HTTP against the real server, with a software
// authenticator (tests/support/soft-authenticator.ts) answering challenges
// the server hands out: passwordless through next-auth's "passkey" provider
// and as the second factor through "pending"; a replayed assertion, one from
// another origin, one whose challenge expired, and malformed answers are
// refused as a failed sign-in, never a server error. Enrolment the policy
// requires can be done with a passkey.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, test } from "node:test";
import { consoleCallback, consoleSignIn, db } from "./api-helpers";
import { runAction } from "./console-actions";
import { softAuthenticator } from "../support/soft-authenticator";

const { createOperator } = await import("@/lib/data/operators");
const { addPasskey, registrationOptions } = await import("@/lib/data/passkeys");
const { createPendingSignIn } = await import("@/lib/data/pending-sign-ins");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");

const password = "passkey sign-in password 8";
const publicUrl = new URL(process.env.NEXTAUTH_URL!);
const authenticator = softAuthenticator({ origin: publicUrl.origin, rpId: publicUrl.hostname });
let email: string;

before(async () => {
  email = `passkey-${randomBytes(4).toString("hex")}@tessera.test`;
  const op = await createOperator(SYSTEM_ACTOR, { email, password, role: "admin" });
  const options = await registrationOptions(op);
  await addPasskey({ type: "operator", id: email }, op.id, "Soft key", authenticator.register(options.challenge));
});

/** A challenge from the server action the sign-in page calls (as anyone, or as a pending sign-in). */
async function challenge(pendingCookie?: string): Promise<string> {
  const reply = pendingCookie
    ? await runAction(pendingCookie, "startPasskeySecondFactorAction", {}, 0)
    : await runAction("", "startPasskeySignInAction", undefined, 0);
  const found = /"challenge":"([A-Za-z0-9_-]+)"/.exec(reply.text);
  assert.ok(found, `no challenge in ${reply.status} ${reply.text.slice(0, 200)}`);
  return found[1]!;
}

const passwordless = (response: string) => consoleCallback("passkey", { response });

describe("passwordless passkey sign-in", () => {
  test("a good assertion signs in, once: the same assertion again is refused", async () => {
    const response = JSON.stringify(authenticator.assert(await challenge()));
    const first = await passwordless(response);
    assert.ok(first.session, `signed in: ${first.status} ${first.error}`);
    const again = await passwordless(response);
    assert.equal(again.session, null);
    assert.equal(again.error, "CredentialsSignin");
    const signIn = await db().auditEvent.findFirst({
      where: { action: "operator.sign-in", target: email, result: "ok" },
      orderBy: { id: "desc" },
    });
    assert.equal(JSON.parse(String(signIn?.details)).method, "passkey");
  });

  test("another origin, an expired challenge, and malformed answers are refused, never a server error", async () => {
    const evil = JSON.stringify(authenticator.assert(await challenge(), { origin: "https://evil.test" }));
    const expiring = await challenge();
    await db().webAuthnChallenge.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = JSON.stringify(authenticator.assert(expiring));
    const malformed = ["", "not json", '{"id":"x"}', JSON.stringify({ ...authenticator.assert("x"), type: 1 })];
    for (const response of [evil, expired, ...malformed]) {
      const reply = await passwordless(response);
      assert.ok(reply.status < 500, `status ${reply.status}`);
      assert.equal(reply.session, null, response.slice(0, 40));
      assert.equal(reply.error, "CredentialsSignin", response.slice(0, 40));
    }
    // An oversized answer may be refused before next-auth reads it; either way, no session and no server error.
    const oversized = await passwordless("x".repeat(40_000));
    assert.ok(oversized.status < 500, `status ${oversized.status}`);
    assert.equal(oversized.session, null);
  });
});

describe("a passkey as the second factor", () => {
  test("after the password, the passkey finishes the pending sign-in; its assertion works once", async () => {
    const first = await consoleSignIn(email, password);
    assert.equal(first.error, "SecondFactorRequired");
    const pending = /tessera\.pending-sign-in=[^;]+/.exec(first.setCookie)![0];
    const response = JSON.stringify(authenticator.assert(await challenge(pending)));
    // A passwordless challenge's answer does not finish a pending sign-in.
    const wrongPurpose = JSON.stringify(authenticator.assert(await challenge()));
    assert.equal((await consoleCallback("pending", { passkey: wrongPurpose }, { cookie: pending })).session, null);
    const done = await consoleCallback("pending", { passkey: response }, { cookie: pending });
    assert.ok(done.session, `finished: ${done.status} ${done.error}`);

    const second = await consoleSignIn(email, password);
    const pendingAgain = /tessera\.pending-sign-in=[^;]+/.exec(second.setCookie)![0];
    const replay = await consoleCallback("pending", { passkey: response }, { cookie: pendingAgain });
    assert.equal(replay.session, null, "the replayed assertion is refused");
  });
});

describe("enrolling a passkey on the sign-in's enrolment step", () => {
  test("the owed enrolment is done with a passkey, which finishes the sign-in", async () => {
    const op = await createOperator(SYSTEM_ACTOR, {
      email: `passkey-enroll-${randomBytes(4).toString("hex")}@tessera.test`,
      password,
      role: "owner",
    });
    // The step the policy sends an operator without a factor to, without changing the shared policy.
    const pending = `tessera.pending-sign-in=${await createPendingSignIn({ id: op.id, sessionVersion: 0 }, "enroll")}`;
    const options = await runAction(pending, "startSignInPasskeyEnrollmentAction", {}, 0);
    const found = /"challenge":"([A-Za-z0-9_-]+)"/.exec(options.text);
    assert.ok(found, options.text.slice(0, 200));
    const own = softAuthenticator({ origin: publicUrl.origin, rpId: publicUrl.hostname });
    const added = await runAction(
      pending,
      "confirmSignInPasskeyAction",
      { name: "New key", response: own.register(found[1]!) },
      0,
    );
    assert.doesNotMatch(added.text, /"ok":false/, added.text.slice(0, 300));
    assert.equal(await db().passkey.count({ where: { operatorId: op.id } }), 1);
    const done = await consoleCallback("pending", { code: "" }, { cookie: pending });
    assert.ok(done.session, `finished: ${done.status} ${done.error}`);
  });
});
