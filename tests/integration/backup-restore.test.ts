// `npm run backup` under load and `npm run restore` of its copy. On SQLite:
// a backup taken while logins keep coming restores to a database that holds
// every login answered before the backup started, and whose audit chain
// verifies; restore refuses the database a running server uses. On
// PostgreSQL both print the pg_dump / pg_restore steps.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import { login, newApp, usersig } from "./api-helpers";

const { primaryKey } = await import("@/lib/data/keys");

const postgres = (process.env.DATABASE_URL ?? "").startsWith("postgres");
const dir = mkdtempSync(path.join(tmpdir(), "tessera-backup-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function npm(args: string[], env: Record<string, string> = {}): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "-s", ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (status) => resolve({ status: status ?? 1, output }));
  });
}

describe(
  "backup and restore",
  { timeout: 120_000, skip: postgres && "SQLite only; PostgreSQL is checked below" },
  () => {
    test("a backup taken under load restores every login answered before it started, and the chain verifies", async () => {
      const sdkAppId = await newApp("Backup app");
      const key = (await primaryKey(sdkAppId)).key;
      const sigs = Array.from({ length: 300 }, (_, i) => usersig.genUserSig({ sdkAppId, key, userId: `backup_${i}` }));
      const answered: string[] = [];
      const failures: string[] = [];
      let next = 0;
      let stopping = false;
      const client = async () => {
        while (!stopping && next < sigs.length) {
          const i = next++;
          const reply = await login(sdkAppId, `backup_${i}`, sigs[i]!).catch((error: Error) => ({
            status: 0,
            text: `${error.name}: ${error.message}`,
          }));
          if (reply.status === 200) answered.push(`backup_${i}`);
          else failures.push(`${reply.status} ${reply.text.slice(0, 200)}`);
        }
      };
      const load = Promise.all(Array.from({ length: 6 }, client));
      while (answered.length < 30 && failures.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(failures, []);
      const before = [...answered];
      const out = path.join(dir, "copy.db");
      const backup = await npm(["backup", "--", "--out", out]);
      const during = answered.length;
      stopping = true;
      await load;
      assert.equal(backup.status, 0, backup.output);
      assert.match(backup.output, /UserSession\s+\d+/);
      assert.match(backup.output, /audit chain( head: #\d+ [0-9a-f]{64}|: nothing sealed yet)/);
      assert.ok(during > before.length, "logins went on while the backup ran");

      const restoredUrl = `file:${path.join(dir, "restored.db")}`;
      const restore = await npm(["restore", "--", out], { DATABASE_URL: restoredUrl });
      assert.equal(restore.status, 0, restore.output);
      assert.match(restore.output, /chain verified up to #\d+/);
      const restored = new Database(path.join(dir, "restored.db"), { readonly: true });
      try {
        const present = new Set(
          restored.prepare(`SELECT "userId" FROM "UserSession" WHERE "sdkAppId" = ?`).pluck().all(sdkAppId) as string[],
        );
        const missing = before.filter((userId) => !present.has(userId));
        assert.deepEqual(missing, [], "every login answered before the backup started is in the copy");
      } finally {
        restored.close();
      }
    });

    test("restore refuses the database a running server uses, and a copy the master key cannot read", async () => {
      const out = path.join(dir, "second.db");
      assert.equal((await npm(["backup", "--", "--out", out])).status, 0);
      const refused = await npm(["restore", "--", out]);
      assert.equal(refused.status, 1, refused.output);
      assert.match(refused.output, /is in use: \d+ server process/);
      const otherKey = await npm(["restore", "--", out], {
        DATABASE_URL: `file:${path.join(dir, "other.db")}`,
        TESSERA_MASTER_KEY: "ab".repeat(32),
      });
      assert.equal(otherKey.status, 1, otherKey.output);
      assert.match(otherKey.output, /master keys do not decrypt the copy's secret keys.*[0-9a-f]{16}/s);
      assert.equal((await npm(["backup", "--", "--out", out])).status, 2, "a backup never overwrites a file");
    });
  },
);

describe("backup and restore on PostgreSQL", { skip: !postgres && "PostgreSQL only" }, () => {
  test("both print the pg_dump and pg_restore commands, never the database's password", async () => {
    const backup = await npm(["backup", "--", "--out", "tessera.dump"]);
    assert.equal(backup.status, 0, backup.output);
    assert.match(backup.output, /pg_dump --format=custom --no-owner --file=tessera\.dump "\$DATABASE_URL"/);
    const restore = await npm(["restore", "--", "tessera.dump"]);
    assert.match(restore.output, /pg_restore --no-owner --dbname="\$DATABASE_URL" tessera\.dump/);
    const password = new URL(process.env.DATABASE_URL!).password;
    if (password) assert.ok(!backup.output.includes(password) && !restore.output.includes(password));
  });
});
