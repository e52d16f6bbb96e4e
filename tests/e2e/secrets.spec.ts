// No secret key, master key or password hash in the production build's
// static files or in the HTML/RSC payload of any page: only the reveal
// response carries a key. Reuses the build the test server runs.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { expect, test, OWNER } from "./support";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

/** Rows straight from the server's database, SQLite or PostgreSQL (the same SQL runs on both). */
async function readRows<T>(databaseUrl: string, sql: string): Promise<T[]> {
  if (databaseUrl.startsWith("postgres")) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const database = new Database(databaseUrl.slice("file:".length), { readonly: true });
  try {
    return database.prepare(sql).all() as T[];
  } finally {
    database.close();
  }
}

test("no secret appears in the static build or in any page payload", async ({ page }) => {
  const databaseUrl = process.env.DATABASE_URL ?? "";
  const apps = await readRows<{ sdkAppId: number }>(databaseUrl, `SELECT "sdkAppId" FROM "Application"`);
  const keyRows = await readRows<{ sdkAppId: number; version: number }>(
    databaseUrl,
    `SELECT "sdkAppId", "version" FROM "SigningKey"`,
  );
  const hashes = (await readRows<{ passwordHash: string }>(databaseUrl, `SELECT "passwordHash" FROM "Operator"`)).map(
    (row) => row.passwordHash,
  );
  const accounts = await readRows<{ sdkAppId: number; userId: string }>(
    databaseUrl,
    `SELECT "sdkAppId", "userId" FROM "Account" LIMIT 5`,
  );

  // The plaintext keys, through the one place that may return them.
  const keys: string[] = [];
  for (const row of keyRows) {
    // As the keys page sends it: same-origin JSON (the route refuses anything else).
    const response = await page.request.post(`/apps/${row.sdkAppId}/keys/${row.version}/reveal`, {
      data: { password: OWNER.password },
      headers: { Origin: new URL(test.info().project.use.baseURL!).origin },
    });
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toContain("no-store");
    keys.push(((await response.json()) as { key: string }).key);
  }
  expect(keys.length).toBeGreaterThan(0);
  const masterKey = process.env.TESSERA_MASTER_KEY!;
  const secrets = [
    ...keys,
    masterKey,
    masterKey.toUpperCase(),
    ...hashes,
    ...hashes.map((hash) => hash.split("$").pop()!),
  ];
  const leaks = (text: string) => secrets.filter((secret) => text.includes(secret));

  const distDir = path.resolve(process.env.TESSERA_DIST_DIR ?? ".next");
  const staticFiles = files(path.join(distDir, "static"));
  expect(staticFiles.length).toBeGreaterThan(0);
  for (const file of staticFiles) expect(leaks(readFileSync(file, "latin1")), file).toEqual([]);

  const pages = ["/sign-in", "/apps", "/audit", "/operators", "/forbidden"];
  // Other suites may have created many apps; a handful covers every page kind.
  for (const { sdkAppId } of apps.slice(-5)) {
    for (const tab of ["", "/keys", "/admins", "/accounts", "/tools", "/audit", "/api", "/settings"])
      pages.push(`/apps/${sdkAppId}${tab}`);
  }
  for (const account of accounts)
    pages.push(`/apps/${account.sdkAppId}/accounts/${encodeURIComponent(account.userId)}`);
  for (const url of pages) {
    const html = await page.request.get(url);
    expect(html.status(), url).toBe(200);
    expect(leaks(await html.text()), url).toEqual([]);
    const rsc = await page.request.get(url, { headers: { RSC: "1" } });
    expect(rsc.status(), `${url} (RSC)`).toBe(200);
    expect(leaks(await rsc.text()), `${url} (RSC)`).toEqual([]);
  }
  // Each scan reads what was asked for: an error page would have nothing to leak.
  for (const { sdkAppId } of apps.slice(-5)) {
    const csv = await page.request.get(`/apps/${sdkAppId}/accounts/export`);
    expect(csv.status(), `accounts of ${sdkAppId}`).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(leaks(await csv.text())).toEqual([]);
  }
  const audit = await page.request.get("/audit/export");
  expect(audit.status()).toBe(200);
  expect(audit.headers()["content-type"]).toContain("text/csv");
  expect(leaks(await audit.text())).toEqual([]);
});
