// Master-key rotation on whichever database this pass uses (SQLite, or
// PostgreSQL when TESSERA_TEST_PG_URL is set), end to end: this process
// writes keys under master key A; child processes started with other keys
// (`npm run setup -- --check`, `npm run keys:rewrap`, a signing worker) see
// the database as a server configured that way would.
import assert from "node:assert/strict";
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { before, describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";
import { workerArgs } from "../support/worker-process";

const databaseUrl = await useTestDatabase();
const { db } = await import("@/lib/db");
const { createApp } = await import("@/lib/data/apps");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const keys = await import("@/lib/data/keys");
const { verifyUserSig } = await import("@/lib/usersig");
const kind = databaseUrl.startsWith("postgres") ? "postgresql" : "sqlite";

const A = process.env.TESSERA_MASTER_KEY!;
const B = randomBytes(32).toString("hex");
// Derived here independently of lib/secrets, so a change to the derivation
// (which would orphan every stored key) fails this test.
const idOf = (hexKey: string) =>
  createHash("sha256").update("tessera master key id\0").update(Buffer.from(hexKey, "hex")).digest("hex").slice(0, 16);

/** A ciphertext in the format written before key ids existed. */
function sealV1(hexKey: string, plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(hexKey, "hex"), iv);
  cipher.setAAD(Buffer.from(associatedData));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return "v1:" + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

/** Master keys as a server would be configured: the current one, then the previous ones. */
type MasterKeys = [current: string, ...previous: string[]];
const keyEnv = ([current, ...previous]: MasterKeys) => ({
  ...process.env,
  TESSERA_MASTER_KEY: current,
  // Set even when empty, so a developer's .env.local cannot add keys.
  TESSERA_PREVIOUS_MASTER_KEYS: previous.join(","),
});
const npm = (script: string, masterKeys: MasterKeys, ...args: string[]) =>
  spawnSync("npm", ["run", "-s", script, "--", ...args], { env: keyEnv(masterKeys), encoding: "utf8" });
const worker = (command: "sign" | "create", masterKeys: MasterKeys) =>
  spawnSync(process.execPath, workerArgs("tests/support/master-key-worker.ts", command), {
    env: keyEnv(masterKeys),
    encoding: "utf8",
  });

/** The one line a refused command prints: no stack, no key material. */
function refusal(run: SpawnSyncReturns<string>): string {
  assert.equal(run.status, 1, run.stdout);
  const line = run.stderr.trim();
  assert.doesNotMatch(line, /\n/, "one line");
  assertNoSecrets(run.stdout + run.stderr);
  return line;
}

const plaintexts: string[] = [];
function assertNoSecrets(text: string): void {
  for (const secret of [A, B, ...plaintexts])
    assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), "a key appeared in the output");
}

const ciphertexts = async () =>
  (
    await db().signingKey.findMany({ orderBy: [{ sdkAppId: "asc" }, { version: "asc" }], omit: { ciphertext: false } })
  ).map((row) => row.ciphertext);
const rewrapAudits = () => db().auditEvent.findMany({ where: { action: "keys.rewrap" } });

/** Every app signs with its primary key and verifies as a login would; the apps this process knows sign with their original key. */
function assertEveryAppSigns(masterKeys: MasterKeys, known: Map<number, string>): void {
  const run = worker("sign", masterKeys);
  assert.equal(run.status, 0, run.stderr);
  const signed = JSON.parse(run.stdout) as { sdkAppId: number; ticket: string; ok: boolean }[];
  assert.ok(signed.length >= known.size);
  for (const { sdkAppId, ticket, ok } of signed) {
    assert.ok(ok, `app ${sdkAppId} verifies its own UserSig`);
    const key = known.get(sdkAppId);
    if (key)
      assert.ok(
        verifyUserSig({ ticket, sdkAppId, userId: "rotation", keys: [key] }).ok,
        `app ${sdkAppId} still signs with its key`,
      );
  }
}

describe(`master-key rotation on ${kind}`, () => {
  // Primary keys by app, as they were first created under A.
  const primaries = new Map<number, string>();
  let rotated: number;
  let legacy: number;

  before(async () => {
    rotated = (await createApp(SYSTEM_ACTOR, "Rotated app")).sdkAppId;
    await keys.rotateAppKey(SYSTEM_ACTOR, rotated, 86400); // v1 stays a verifying secondary
    legacy = (await createApp(SYSTEM_ACTOR, "Legacy app")).sdkAppId;
    for (const sdkAppId of [rotated, legacy]) primaries.set(sdkAppId, (await keys.primaryKey(sdkAppId)).key);
    plaintexts.push(...primaries.values(), await keys.revealKey(rotated, 1));
  });

  test("a stored key names the master key that encrypted it", async () => {
    for (const ciphertext of await ciphertexts())
      assert.match(ciphertext, new RegExp(`^v2:${idOf(A)}:[A-Za-z0-9+/]+=*$`));
  });

  test("with only the new key configured, start-up refuses with one line naming the missing key, and nothing is rewrapped", async () => {
    const unchanged = await ciphertexts();
    for (const run of [npm("setup", [B], "--check"), npm("keys:rewrap", [B])]) {
      const line = refusal(run);
      assert.match(line, new RegExp(`master key ${idOf(A)}, which is not configured`));
      assert.match(line, /TESSERA_PREVIOUS_MASTER_KEYS/);
    }
    assert.deepEqual(await ciphertexts(), unchanged);
    assert.equal((await rewrapAudits()).length, 0);
  });

  test("a legacy v1 ciphertext still decrypts", async () => {
    const ciphertext = sealV1(A, primaries.get(legacy)!, `${legacy}:1`);
    await db().signingKey.update({
      where: { sdkAppId_version: { sdkAppId: legacy, version: 1 } },
      data: { ciphertext },
    });
    assert.equal((await keys.primaryKey(legacy)).key, primaries.get(legacy));
    const check = npm("setup", [A], "--check");
    assert.equal(check.status, 0, check.stderr);
  });

  test("a key no configured master key decrypts is the mismatch error, and a rewrap that meets it part-way changes nothing", async () => {
    // A legacy key under a master key nobody configured, sorted after every other.
    const poison = 1_499_999_999;
    const stranger = randomBytes(32).toString("hex");
    await db().application.create({
      data: {
        sdkAppId: poison,
        name: "Poison",
        keys: {
          create: { version: 1, status: "primary", ciphertext: sealV1(stranger, "0".repeat(64), `${poison}:1`) },
        },
      },
    });
    try {
      assert.match(
        refusal(npm("setup", [B, A], "--check")),
        /TESSERA_MASTER_KEY cannot decrypt .* not the master key they were encrypted with/,
      );
      const unchanged = await ciphertexts();
      assert.match(refusal(npm("keys:rewrap", [B, A])), /TESSERA_MASTER_KEY cannot decrypt/);
      assert.deepEqual(await ciphertexts(), unchanged);
      assert.equal((await rewrapAudits()).length, 0);
    } finally {
      await db().application.delete({ where: { sdkAppId: poison } });
    }
  });

  test("with the new key current and the old one previous, every app still signs and verifies, and new keys use the new master key", async () => {
    const check = npm("setup", [B, A], "--check");
    assert.equal(check.status, 0, check.stderr);
    assertEveryAppSigns([B, A], primaries);
    const created = worker("create", [B, A]);
    assert.equal(created.status, 0, created.stderr);
    const { sdkAppId } = JSON.parse(created.stdout) as { sdkAppId: number };
    const row = await db().signingKey.findFirstOrThrow({ where: { sdkAppId }, omit: { ciphertext: false } });
    assert.ok(row.ciphertext.startsWith(`v2:${idOf(B)}:`));
  });

  test("keys:rewrap moves every key to the new master key in one audited step", async () => {
    const run = npm("keys:rewrap", [B, A]);
    assert.equal(run.status, 0, run.stderr);
    assertNoSecrets(run.stdout + run.stderr);
    assert.equal(
      run.stdout.trim(),
      `Re-encrypted 3 of 4 stored secret key(s) under master key ${idOf(B)} (2 from master key ${idOf(A)}, 1 from the legacy format).`,
    );
    for (const ciphertext of await ciphertexts()) assert.ok(ciphertext.startsWith(`v2:${idOf(B)}:`));
    const [audit, ...more] = await rewrapAudits();
    assert.equal(more.length, 0);
    assert.deepEqual([audit!.actorType, audit!.actor, audit!.result], ["system", SYSTEM_ACTOR.id, "ok"]);
    assert.deepEqual(JSON.parse(audit!.details), { keyId: idOf(B), total: 4, rewrapped: { [idOf(A)]: 2, v1: 1 } });
  });

  test("running keys:rewrap again changes nothing and says so", async () => {
    const unchanged = await ciphertexts();
    const run = npm("keys:rewrap", [B, A]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout.trim(),
      `Nothing to do: all 4 stored secret key(s) are already encrypted under master key ${idOf(B)}.`,
    );
    assert.deepEqual(await ciphertexts(), unchanged);
    assert.equal((await rewrapAudits()).length, 1);
  });

  test("with the old key removed, start-up passes and every app still signs and verifies", () => {
    const check = npm("setup", [B], "--check");
    assert.equal(check.status, 0, check.stderr);
    assertEveryAppSigns([B], primaries);
  });

  test("a malformed previous key is a clear error at start-up", () => {
    const run = spawnSync("npm", ["run", "-s", "setup", "--", "--check"], {
      env: { ...keyEnv([B]), TESSERA_PREVIOUS_MASTER_KEYS: "not-hex" },
      encoding: "utf8",
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /TESSERA_PREVIOUS_MASTER_KEYS must be a comma-separated list/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
  });
});
