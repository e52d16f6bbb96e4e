// The operator's main path through the console, in order: each step builds
// on the app the first one creates.
import { createRequire } from "node:module";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test, createApp, revealKey, screenshot } from "./support";

const require = createRequire(import.meta.url);
const TLSSigAPIv2 = require("tls-sig-api-v2") as {
  Api: new (
    sdkAppId: number,
    key: string,
  ) => {
    genSig(userId: string, expire: number): string;
    _hmacsha256(identifier: string, time: number, expire: number, userBuf: string | null): string;
  };
};

test.describe.configure({ mode: "serial" });

const appName = `E2E App ${Date.now().toString(36)}`;
let sdkAppId = 0;
let primaryKey = "";
let page: Page;

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({
    storageState: test.info().project.use.storageState as string,
    permissions: ["clipboard-read", "clipboard-write"],
  });
  page = await context.newPage();
});

test.afterAll(async () => {
  await page.context().close();
});

async function decodeTicket(ticket: string) {
  const { inflateSync } = await import("node:zlib");
  const json = inflateSync(
    Buffer.from(ticket.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "="), "base64"),
  ).toString("utf8");
  return JSON.parse(json) as Record<string, string | number>;
}

async function generate(userId: string): Promise<string> {
  await page.goto(`/apps/${sdkAppId}/tools`);
  await page.getByRole("tab", { name: "Generate UserSig" }).click();
  const panel = page.getByRole("tabpanel", { name: "Generate UserSig" });
  await panel.getByLabel("UserID").fill(userId);
  await panel.getByRole("button", { name: "Generate UserSig" }).click();
  const field = panel.getByLabel("UserSig", { exact: true });
  await expect(field).toHaveValue(/^[A-Za-z0-9*\-_]{40,}$/);
  return field.inputValue();
}

async function verify(userId: string, userSig: string) {
  await page.getByRole("tab", { name: "Verify" }).click();
  const panel = page.getByRole("tabpanel", { name: "Verify" });
  await panel.getByLabel("UserID to verify").fill(userId);
  await panel.getByLabel("UserSig to verify").fill(userSig);
  await panel.getByRole("button", { name: "Verify" }).click();
  const result = panel.getByTestId("verify-result");
  await expect(result).toBeVisible();
  return result;
}

test("sign in and create an application", async () => {
  sdkAppId = await createApp(page, appName);
  expect(sdkAppId).toBeGreaterThanOrEqual(1_400_000_000);
  expect(sdkAppId).toBeLessThanOrEqual(1_499_999_999);
  await expect(page.getByRole("heading", { name: appName })).toBeVisible();
  await page.goto("/apps");
  await expect(page.getByRole("table", { name: "Applications" }).getByRole("link", { name: appName })).toBeVisible();
  await screenshot(page, "apps");
  // The README shows this page; taking it here keeps the picture current.
  await page.screenshot({ path: path.resolve("public/console.png") });
});

test("reveal and rotate the secret key", async () => {
  await page.goto(`/apps/${sdkAppId}/keys`);
  await expect(page.getByLabel("Secret key v1")).toHaveValue("•".repeat(64));
  const first = await revealKey(page, 1);
  await page.getByRole("button", { name: "Rotate key" }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate the secret key" });
  await expect(dialog.getByLabel("Grace period (days)")).toHaveValue("7");
  await dialog.getByRole("button", { name: "Rotate" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Key v2" })).toContainText("primary");
  await expect(page.getByRole("listitem").filter({ hasText: "Key v1" })).toContainText("secondary");
  await expect(page.getByRole("listitem").filter({ hasText: "Key v1" })).toContainText("verifies until");
  primaryKey = await revealKey(page, 2);
  expect(primaryKey).not.toBe(first);
  await screenshot(page, "keys");
});

test("add app admins up to 10 and see the 11th refused", async () => {
  await page.goto(`/apps/${sdkAppId}/admins`);
  const input = page.getByLabel("Admin UserID");
  await input.fill("bad admin");
  await page.getByRole("button", { name: "Add admin" }).click();
  await expect(page.getByText(/contains a space/).first()).toBeVisible();
  for (let i = 1; i <= 9; i++) {
    await input.fill(`admin_${i}`);
    await page.getByRole("button", { name: "Add admin" }).click();
    await expect(
      page.getByRole("table", { name: "App admins" }).getByRole("cell", { name: `admin_${i}`, exact: true }),
    ).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "App admins (10 of 10)" })).toBeVisible();
  await input.fill("admin_1");
  await page.getByRole("button", { name: "Add admin" }).click();
  await expect(page.getByRole("status")).toContainText("already an app admin");
  await input.fill("admin_11");
  await page.getByRole("button", { name: "Add admin" }).click();
  await expect(page.getByRole("status")).toContainText("at most 10 app admins");
  await page.reload();
  await expect(page.getByRole("heading", { name: "App admins (10 of 10)" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove administrator" })).toHaveCount(0);
  await screenshot(page, "admins");
});

test("import a CSV with some bad rows", async () => {
  await page.goto(`/apps/${sdkAppId}/accounts`);
  await page.getByRole("button", { name: "Import CSV" }).click();
  const dialog = page.getByRole("dialog", { name: "Import accounts from CSV" });
  const csv = [
    "userId,externalId,nickname,faceUrl",
    "alice,1001,Alice,",
    "bob,1002,Bob,https://example.com/b.png",
    "carol,1003,Carol,",
    "has space,1004,,",
    "alice,1005,Dup,",
    "dave,1006,Dave,ftp://x",
    "erin,1007,Erin,",
  ].join("\n");
  await dialog
    .getByLabel("CSV file")
    .setInputFiles({ name: "accounts.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(dialog.getByText("Import finished")).toBeVisible();
  await expect(dialog.getByRole("status")).toHaveText("4 imported, 3 rejected.");
  const rejected = dialog.getByRole("table", { name: "Rejected rows" });
  await expect(rejected.getByRole("row")).toHaveCount(4);
  await expect(rejected).toContainText("contains a space");
  await expect(rejected).toContainText("Duplicate of row 2");
  await expect(rejected).toContainText("http:// or https://");
  await screenshot(page, "accounts-import");
  await dialog.getByRole("button", { name: "Close" }).click();
  const table = page.getByRole("table", { name: "Accounts" });
  for (const userId of ["alice", "bob", "carol", "erin"])
    await expect(table.getByRole("link", { name: userId, exact: true })).toBeVisible();
  await page.getByLabel("Search accounts").fill("ca");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("table", { name: "Accounts" }).getByRole("link")).toHaveText(["carol"]);
  await page.goto(`/apps/${sdkAppId}/accounts`);
  await screenshot(page, "accounts");
});

test("add an account with inline validation, then delete one after confirming", async () => {
  await page.goto(`/apps/${sdkAppId}/accounts`);
  await page.getByRole("button", { name: "Add account" }).click();
  const dialog = page.getByRole("dialog", { name: "Add account" });
  await dialog.getByLabel("UserID").fill("frank smith");
  await dialog.getByRole("button", { name: "Add account" }).click();
  await expect(dialog.getByText(/contains a space/)).toBeVisible();
  await dialog.getByLabel("UserID").fill("frank");
  await dialog.getByLabel("External user ID").fill("1008");
  await dialog.getByLabel("Nickname").fill("Frank");
  await dialog.getByRole("button", { name: "Add account" }).click();
  const table = page.getByRole("table", { name: "Accounts" });
  await expect(table.getByRole("link", { name: "frank", exact: true })).toBeVisible();
  await expect(table.getByRole("button", { name: "Delete administrator" })).toHaveCount(0);
  await table.getByRole("button", { name: "Delete erin" }).click();
  await page.getByRole("dialog", { name: "Delete account erin?" }).getByRole("button", { name: "Delete" }).click();
  await expect(table.getByRole("link", { name: "erin", exact: true })).toHaveCount(0);
});

test("generate a UserSig, copy it, verify it here and with the official library", async () => {
  const ticket = await generate("alice");
  const panel = page.getByRole("tabpanel", { name: "Generate UserSig" });
  await expect(panel.getByLabel("Snippet")).toHaveValue(/chat\.login/);
  await panel.getByRole("button", { name: "Copy UserSig" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ticket);
  await screenshot(page, "tools-generate");

  const fields = await decodeTicket(ticket);
  expect(fields["TLS.identifier"]).toBe("alice");
  expect(fields["TLS.sdkappid"]).toBe(sdkAppId);
  expect(fields["TLS.expire"]).toBe(180 * 86400);
  const official = new TLSSigAPIv2.Api(sdkAppId, primaryKey);
  expect(official._hmacsha256("alice", Number(fields["TLS.time"]), 180 * 86400, null)).toBe(fields["TLS.sig"]);

  await panel.getByRole("button", { name: "Verify it" }).click();
  await page.getByRole("tabpanel", { name: "Verify" }).getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("verify-result")).toContainText("Accepted");
  await expect(page.getByTestId("verify-result")).toContainText("key v2");

  const fromOfficial = official.genSig("bob", 3600);
  const result = await verify("bob", fromOfficial);
  await expect(result).toContainText("Accepted");
  await screenshot(page, "tools-verify");

  const wrong = await verify("carol", fromOfficial);
  await expect(wrong).toContainText("Rejected: code 70013");

  await page.getByRole("tab", { name: "Decode" }).click();
  const decode = page.getByRole("tabpanel", { name: "Decode" });
  await decode.getByLabel("UserSig to decode").fill(ticket);
  await expect(decode.getByTestId("decode-result")).toContainText(String(sdkAppId));
  await expect(decode.getByTestId("decode-result")).toContainText("alice");
  await screenshot(page, "tools-decode");
});

test("generate a PrivateMapKey for a string room and decode it in the browser", async () => {
  await page.goto(`/apps/${sdkAppId}/tools`);
  await page.getByRole("tab", { name: "PrivateMapKey" }).click();
  const panel = page.getByRole("tabpanel", { name: "PrivateMapKey" });
  await panel.getByLabel("UserID").fill("alice");
  await panel.getByLabel("Room type").selectOption("string");
  await panel.getByLabel("Room", { exact: true }).fill("standup-room");
  await panel.getByLabel("Send audio (4)").check();
  await expect(panel.getByText("(map 46)")).toBeVisible();
  await panel.getByRole("button", { name: "Generate PrivateMapKey" }).click();
  const field = panel.getByLabel("PrivateMapKey", { exact: true });
  await expect(field).toHaveValue(/^[A-Za-z0-9*\-_]{40,}$/);
  const ticket = await field.inputValue();
  await screenshot(page, "tools-privatemapkey");
  await page.getByRole("tab", { name: "Decode" }).click();
  const decode = page.getByRole("tabpanel", { name: "Decode" });
  await decode.getByLabel("UserSig to decode").fill(ticket);
  await expect(decode.getByTestId("decode-result")).toContainText("standup-room");
  await expect(decode.getByTestId("decode-result")).toContainText(
    "46: Enter room, Send audio, Receive audio, Receive video",
  );
});

test("invalidate an account's login and see the old UserSig rejected with 70052", async () => {
  const old = await generate("carol");
  // Invalidation cuts at whole seconds: the old ticket must be from an earlier second.
  await page.waitForTimeout(1100);
  await page.goto(`/apps/${sdkAppId}/accounts/carol`);
  await expect(page.getByRole("table", { name: "Issued UserSigs" }).getByRole("row")).toHaveCount(2);
  await page.getByRole("button", { name: "Invalidate login" }).click();
  await page
    .getByRole("dialog", { name: "Invalidate carol's login?" })
    .getByRole("button", { name: "Invalidate login" })
    .click();
  await expect(page.getByRole("status")).toContainText("Login invalidated");
  await expect(page.getByRole("table", { name: "Issued UserSigs" })).toContainText("invalidated");
  await screenshot(page, "account-detail");

  await page.waitForTimeout(1100);
  await page.goto(`/apps/${sdkAppId}/tools`);
  const rejected = await verify("carol", old);
  await expect(rejected).toContainText("Rejected: code 70052");
  await expect(rejected).toContainText("Generate a new UserSig");

  const fresh = await generate("carol");
  await expect(await verify("carol", fresh)).toContainText("Accepted");
});

test("revoke a UserSig from the account page and a pasted one from the tools", async () => {
  const first = await generate("administrator");
  // A UserSig is deterministic (key, user, second, validity): two from the same
  // second are one ticket, and revoking one would revoke both.
  await page.waitForTimeout(1100);
  const second = await generate("administrator");
  await page.goto(`/apps/${sdkAppId}/accounts/administrator`);
  const ledger = page.getByRole("table", { name: "Issued UserSigs" });
  await expect(ledger.getByRole("button", { name: "Revoke" })).toHaveCount(2);
  // The newest entry comes first: that is `second`.
  await ledger.getByRole("button", { name: "Revoke" }).first().click();
  await page.getByRole("dialog", { name: "Revoke this UserSig?" }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("status")).toContainText("UserSig revoked");
  await expect(ledger).toContainText("revoked");
  await expect(ledger.getByRole("button", { name: "Revoke" })).toHaveCount(1);

  await page.goto(`/apps/${sdkAppId}/tools`);
  const revoked = await verify("administrator", second);
  await expect(revoked).toContainText("Rejected: code 70052");
  await expect(revoked).toContainText("revoked at");
  await expect(await verify("administrator", first)).toContainText("Accepted");

  await page.getByRole("tab", { name: "Revoke" }).click();
  const panel = page.getByRole("tabpanel", { name: "Revoke" });
  await panel.getByLabel("UserSig to revoke").fill("not a usersig");
  await panel.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: "Revoke this UserSig?" }).getByRole("button", { name: "Revoke" }).click();
  await expect(panel.getByTestId("revoke-result")).toContainText("Not revoked: code 70003");
  await panel.getByLabel("UserSig to revoke").fill(first);
  await panel.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: "Revoke this UserSig?" }).getByRole("button", { name: "Revoke" }).click();
  await expect(panel.getByTestId("revoke-result")).toContainText("Revoked");
  await expect(await verify("administrator", first)).toContainText("Rejected: code 70052");
});

test("the overview charts the UserSigs issued", async () => {
  await page.goto(`/apps/${sdkAppId}`);
  await expect(page.getByRole("img", { name: /^UserSigs issued: [1-9]\d* in the last 30 days$/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Logins: \d+ in the last 30 days$/ })).toBeVisible();
  await screenshot(page, "app-overview");
});

test("each of these is in the audit log", async () => {
  await page.goto(`/apps/${sdkAppId}/audit`);
  const table = page.getByRole("table", { name: "Audit events" });
  for (const action of [
    "app.create",
    "key.reveal",
    "key.rotate",
    "admin.add",
    "account.import-csv",
    "usersig.issue",
    "usersig.verify",
    "usersig.revoke",
    "account.invalidate-login",
  ]) {
    await expect(table.getByText(action, { exact: true }).first()).toBeVisible();
  }
  await expect(table.getByText("Secret key rotated", { exact: true }).first()).toBeVisible();
  await expect(table.getByText("rejected 70052").first()).toBeVisible();
  await screenshot(page, "app-audit");

  await page.goto("/audit");
  await page.getByLabel("Action").selectOption("key.rotate");
  await page.getByLabel("Application").selectOption(String(sdkAppId));
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("table", { name: "Audit events" }).getByRole("row")).toHaveCount(2);
  await screenshot(page, "audit");
  const exportLink = page.getByRole("link", { name: "Export CSV" });
  const csv = await page.request.get((await exportLink.getAttribute("href")) as string);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text.split("\r\n").filter(Boolean)).toHaveLength(2);
  expect(text).not.toContain(primaryKey);
});

test("the audit log and the key rows never carry a key", async () => {
  for (const path of [`/apps/${sdkAppId}/audit`, `/apps/${sdkAppId}/keys`, `/apps/${sdkAppId}/accounts/export`]) {
    const response = await page.request.get(path);
    // An error page would have no key in it either.
    expect(response.status(), path).toBe(200);
    expect(await response.text()).not.toContain(primaryKey);
  }
});

test("the API tab documents the endpoints for this app", async () => {
  await page.goto(`/apps/${sdkAppId}/api`);
  await expect(page.getByRole("heading", { name: "API reference" })).toBeVisible();
  await expect(page.getByText(String(sdkAppId)).first()).toBeVisible();
  await screenshot(page, "api");
});

test("the console works on a phone-sized screen", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/apps");
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Applications" }),
  ).toBeVisible();
  await screenshot(page, "apps-mobile");
  await page.goto(`/apps/${sdkAppId}/tools`);
  await expect(page.getByRole("tab", { name: "Generate UserSig" })).toBeVisible();
  await screenshot(page, "tools-mobile");
  await page.setViewportSize({ width: 1280, height: 720 });
});

test("rename, disable and delete the application (typing its name)", async () => {
  await page.goto(`/apps/${sdkAppId}/settings`);
  await screenshot(page, "settings");
  await page.getByLabel("Application name").fill(`${appName} renamed`);
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { name: `${appName} renamed` })).toBeVisible();
  await expect(page.getByText("Disable the application before deleting it.")).toBeVisible();
  await page.getByRole("button", { name: "Disable application" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable" }).click();
  await expect(page.getByRole("button", { name: "Enable application" })).toBeVisible();
  await page.getByRole("button", { name: "Delete application" }).click();
  const dialog = page.getByRole("dialog", { name: /^Delete / });
  await expect(dialog.getByRole("button", { name: "Delete permanently" })).toBeDisabled();
  await dialog.getByLabel("Application name").fill(`${appName} renamed`);
  await dialog.getByRole("button", { name: "Delete permanently" }).click();
  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.getByRole("link", { name: `${appName} renamed` })).toHaveCount(0);
});
