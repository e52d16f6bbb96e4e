// Importing an application from Tencent (issue 10, part 5): its SDKAppID (any
// unsigned 32-bit value) and its secret key are kept, and UserSigs signed by
// Tencent's official library verify at once, at login and on the REST API.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { randomBytes, randomInt } from "node:crypto";
import { before, describe, test } from "node:test";
import { call, consoleSignIn, db, expectEnvelope, freshIp, type Reply } from "./api-helpers";
import { runAction } from "./console-actions";

const { createOperator } = await import("@/lib/data/operators");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { revealKey } = await import("@/lib/data/keys");

const require = createRequire(import.meta.url);
const { Api } = require("tls-sig-api-v2") as {
  Api: new (sdkAppId: number, key: string) => { genSig(userId: string, expire: number): string };
};

const MAX = 4_294_967_295;
let owner: string;
let scopedAdmin: string;

const importApp = (cookie: string, input: unknown) => runAction(cookie, "importAppAction", input, 0);
const result = (reply: Reply) => {
  assert.ok(reply.status < 500, reply.text.slice(0, 300));
  const match = /\{"ok":(true|false).*\}/.exec(reply.text);
  assert.ok(match, `no action result in ${reply.text.slice(0, 300)}`);
  return JSON.parse(match[0]) as {
    ok: boolean;
    data?: { sdkAppId: number };
    error?: string;
    fieldErrors?: Record<string, string>;
  };
};
const secretKey = () => randomBytes(32).toString("hex");

/** An SDKAppID no test has used: above 2^31 - 1, where a 32-bit signed column would fail. */
async function freeHighId(): Promise<number> {
  for (;;) {
    const id = randomInt(2 ** 31, MAX);
    if (!(await db().application.findUnique({ where: { sdkAppId: id } }))) return id;
  }
}

async function signIn(role: "owner" | "scoped"): Promise<string> {
  const email = `import-${role}-${randomBytes(4).toString("hex")}@tessera.test`;
  const password = "import password 12345";
  const operator = await createOperator(SYSTEM_ACTOR, { email, password, role });
  if (role === "scoped") {
    const { setMembership } = await import("@/lib/data/operators");
    const { newApp } = await import("./api-helpers");
    await setMembership(SYSTEM_ACTOR, operator.id, await newApp("Scoped import app"), "admin");
  }
  const session = (await consoleSignIn(email, password)).session;
  assert.ok(session, "signed in");
  return session;
}

before(async () => {
  owner = await signIn("owner");
  scopedAdmin = await signIn("scoped");
});

describe("importing an application from Tencent", () => {
  test("the largest SDKAppID and its key work at once with the official library's UserSigs: login and REST", async () => {
    // 4294967295 itself, unless an earlier run on this database took it.
    const sdkAppId = (await db().application.findUnique({ where: { sdkAppId: MAX } })) ? await freeHighId() : MAX;
    const key = secretKey();
    const reply = result(
      await importApp(owner, { sdkAppId: String(sdkAppId), name: "Imported from Tencent", secretKey: key }),
    );
    assert.deepEqual(reply, { ok: true, data: { sdkAppId } });

    const official = new Api(sdkAppId, key);
    const login = await call("/api/v1/login", {
      body: { sdkAppId, userId: "moved_user", userSig: official.genSig("moved_user", 600) },
      ip: freshIp(),
    });
    assert.equal(login.status, 200, login.text);
    assert.equal(login.body.userId, "moved_user");

    const query = new URLSearchParams({
      sdkappid: String(sdkAppId),
      identifier: "administrator",
      usersig: official.genSig("administrator", 600),
      random: "7",
      contenttype: "json",
    });
    const check = await call(`/v4/im_open_login_svc/account_check?${query}`, {
      body: { CheckItem: [{ UserID: "moved_user" }, { UserID: "nobody" }] },
    });
    expectEnvelope(check, 0);
    assert.deepEqual(
      check.body.ResultItem.map((item: { UserID: string; AccountStatus: string }) => [item.UserID, item.AccountStatus]),
      [
        ["moved_user", "Imported"],
        ["nobody", "NotImported"],
      ],
    );

    // Stored encrypted, exactly as given; never in the audit trail.
    const stored = await db().signingKey.findFirstOrThrow({ where: { sdkAppId }, omit: { ciphertext: false } });
    assert.equal(stored.version, 1);
    assert.equal(stored.status, "primary");
    assert.ok(!stored.ciphertext.includes(key));
    assert.equal(await revealKey(sdkAppId, 1), key);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { sdkAppId, action: "app.import" } });
    assert.equal(audit.target, String(sdkAppId));
    const trail = await db().auditEvent.findMany({ where: { sdkAppId } });
    for (const row of trail) assert.ok(!JSON.stringify(row).includes(key), `the key leaked into audit row ${row.id}`);
  });

  test("the key keeps its case: Tencent's library signs with the key as text", async () => {
    const sdkAppId = await freeHighId();
    const key = secretKey().toUpperCase();
    assert.equal(
      result(await importApp(owner, { sdkAppId, name: "Upper-case key", secretKey: `  ${key}\n` })).ok,
      true,
    );
    const login = await call("/api/v1/login", {
      body: { sdkAppId, userId: "u1", userSig: new Api(sdkAppId, key).genSig("u1", 600) },
      ip: freshIp(),
    });
    assert.equal(login.status, 200, login.text);
    const wrongCase = await call("/api/v1/login", {
      body: { sdkAppId, userId: "u1", userSig: new Api(sdkAppId, key.toLowerCase()).genSig("u1", 600) },
      ip: freshIp(),
    });
    assert.equal(wrongCase.body.error.code, 70009, wrongCase.text);
  });

  test("an SDKAppID in use, out of range or malformed, and a malformed key, are refused with a clear message and change nothing", async () => {
    const taken = await freeHighId();
    const first = secretKey();
    assert.equal(result(await importApp(owner, { sdkAppId: taken, name: "First", secretKey: first })).ok, true);
    const again = result(await importApp(owner, { sdkAppId: taken, name: "Second", secretKey: secretKey() }));
    assert.equal(again.ok, false);
    assert.match(again.error!, new RegExp(`SDKAppID ${taken} is already in use`));
    assert.equal(await revealKey(taken, 1), first, "the first import's key is untouched");
    assert.equal((await db().application.findUniqueOrThrow({ where: { sdkAppId: taken } })).name, "First");

    for (const sdkAppId of [0, -1, MAX + 1, 2 ** 53, "12ab", "", 1.5]) {
      const reply = result(await importApp(owner, { sdkAppId, name: "Bad id", secretKey: secretKey() }));
      assert.equal(reply.ok, false, `SDKAppID ${sdkAppId}`);
      assert.ok(reply.fieldErrors?.sdkAppId, `SDKAppID ${sdkAppId}: ${JSON.stringify(reply)}`);
    }
    for (const key of ["", "abc", "g".repeat(64), secretKey().slice(1), `${secretKey()}0`, "0".repeat(63) + "\0"]) {
      const sdkAppId = await freeHighId();
      const reply = result(await importApp(owner, { sdkAppId, name: "Bad key", secretKey: key }));
      assert.equal(reply.ok, false);
      assert.match(reply.fieldErrors?.secretKey ?? "", /64 hexadecimal characters/);
      assert.equal(await db().application.count({ where: { sdkAppId } }), 0);
    }
  });

  test("two concurrent imports of one SDKAppID: one wins, the other is told it is taken", async () => {
    const sdkAppId = await freeHighId();
    const replies = await Promise.all(
      [1, 2, 3, 4].map((n) => importApp(owner, { sdkAppId, name: `Race ${n}`, secretKey: secretKey() }).then(result)),
    );
    assert.equal(replies.filter((reply) => reply.ok).length, 1, JSON.stringify(replies));
    for (const reply of replies.filter((r) => !r.ok)) assert.match(reply.error!, /already in use/);
    assert.equal(await db().signingKey.count({ where: { sdkAppId } }), 1);
  });

  test("a scoped admin cannot claim an SDKAppID", async () => {
    const sdkAppId = await freeHighId();
    const reply = result(await importApp(scopedAdmin, { sdkAppId, name: "Not yours", secretKey: secretKey() }));
    assert.equal(reply.ok, false);
    assert.match(reply.error!, /does not allow this|no access/);
    assert.equal(await db().application.count({ where: { sdkAppId } }), 0);
  });
});
