// Bringing an application from Tencent, and the overview's expiry warnings
// (issue 10, parts 5 and 6), through the console in a real browser.
import { randomBytes, randomInt } from "node:crypto";
import { createRequire } from "node:module";
import type { Page } from "@playwright/test";
import { expect, test, screenshot } from "./support";

const require = createRequire(import.meta.url);
const { Api } = require("tls-sig-api-v2") as {
  Api: new (sdkAppId: number, key: string) => { genSig(userId: string, expire: number): string };
};

test.describe.configure({ mode: "serial" });

// Above 2^31 - 1, where a signed 32-bit column would have failed.
const sdkAppId = randomInt(2 ** 31, 2 ** 32 - 1);
const key = randomBytes(32).toString("hex");

async function generate(page: Page, userId: string, validity: string): Promise<void> {
  await page.goto(`/apps/${sdkAppId}/tools`);
  await page.getByRole("tab", { name: "Generate UserSig" }).click();
  const panel = page.getByRole("tabpanel", { name: "Generate UserSig" });
  await panel.getByLabel("UserID").fill(userId);
  await panel.getByLabel(validity, { exact: true }).check();
  await panel.getByRole("button", { name: "Generate UserSig" }).click();
  await expect(panel.getByLabel("UserSig", { exact: true })).toHaveValue(/^[A-Za-z0-9*\-_]{40,}$/);
}

test("import an application with its SDKAppID and key: the official library's UserSigs log in at once", async ({
  page,
}) => {
  await page.goto("/apps");
  await page.getByRole("button", { name: "Import application" }).click();
  const dialog = page.getByRole("dialog", { name: "Import application" });
  await dialog.getByLabel("SDKAppID").fill(String(sdkAppId));
  await dialog.getByLabel("Application name").fill("Moved from Tencent");
  await dialog.getByLabel("Secret key").fill("not a key");
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(dialog.getByText("64 hexadecimal characters", { exact: false }).first()).toBeVisible();
  await dialog.getByLabel("Secret key").fill(key);
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${sdkAppId}$`));
  await expect(page.getByRole("heading", { name: "Moved from Tencent" })).toBeVisible();

  const login = await page.request.post("/api/v1/login", {
    data: { sdkAppId, userId: "moved_user", userSig: new Api(sdkAppId, key).genSig("moved_user", 600) },
  });
  expect(login.status()).toBe(200);
  expect((await login.json()).userId).toBe("moved_user");
});

test("the overview warns before the console's admin UserSigs expire and before a key stops with live UserSigs", async ({
  page,
}) => {
  await page.goto(`/apps/${sdkAppId}`);
  await expect(page.getByRole("region", { name: "Expiry warnings" })).toHaveCount(0);

  await generate(page, "long_lived", "180 days");
  await generate(page, "administrator", "1 day");
  await page.goto(`/apps/${sdkAppId}`);
  const warnings = page.getByRole("region", { name: "Expiry warnings" });
  await expect(warnings).toContainText("Every admin UserSig the console issued for administrator (1 live) expires by");

  await page.goto(`/apps/${sdkAppId}/keys`);
  await page.getByRole("button", { name: "Rotate key" }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate the secret key" });
  await dialog.getByLabel("Grace period (days)").fill("2");
  await dialog.getByRole("button", { name: "Rotate" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Key v1" })).toContainText("secondary");

  await page.goto(`/apps/${sdkAppId}`);
  // The 1-day admin UserSig ends before v1 stops; the 180-day one outlives it.
  await expect(warnings).toContainText("1 UserSig signed with key v1 stops working on");
  await screenshot(page, "expiry-warnings");
});
