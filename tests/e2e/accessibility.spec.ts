// axe-core on every console page, signed in as the owner with data on the
// pages (tables, results, badges, the audit trail), so the checks see what
// an operator sees rather than empty states. Serious and critical findings
// fail; the rest is printed.
import type { Page } from "@playwright/test";
import { checkAxe, expect, test, createApp } from "./support";

// Not serial: after a failure the next test starts in a new worker, whose
// beforeAll sets up its own data, so one run reports every failing page.
// Each axe run scans a whole page, hence the longer timeout.
test.describe.configure({ timeout: 180_000 });

const suffix = Date.now().toString(36);
const appName = `A11y App ${suffix}`;
let sdkAppId = 0;
let page: Page;

test.beforeAll(async ({ browser }) => {
  // Reduced motion: axe reads colours as they are, and a button fading back
  // from its pending colour would be measured half-way (a flaky contrast finding).
  const context = await browser.newContext({
    storageState: test.info().project.use.storageState as string,
    reducedMotion: "reduce",
  });
  page = await context.newPage();
  await setUp();
});

test.afterAll(async () => {
  await page.context().close();
});

/** Data for the pages to show: an application with accounts, an app admin, UserSigs, a login and a scoped operator. */
async function setUp() {
  sdkAppId = await createApp(page, appName);

  await page.goto(`/apps/${sdkAppId}/accounts`);
  for (const userId of ["alice", "bob"]) {
    await page.getByRole("button", { name: "Add account" }).click();
    const dialog = page.getByRole("dialog", { name: "Add account" });
    await dialog.getByLabel("UserID").fill(userId);
    await dialog.getByLabel("Nickname").fill(userId.toUpperCase());
    await dialog.getByRole("button", { name: "Add account" }).click();
    await expect(
      page.getByRole("table", { name: "Accounts" }).getByRole("link", { name: userId, exact: true }),
    ).toBeVisible();
  }

  await page.goto(`/apps/${sdkAppId}/admins`);
  await page.getByLabel("Admin UserID").fill("ops_admin");
  await page.getByRole("button", { name: "Add admin" }).click();
  await expect(
    page.getByRole("table", { name: "App admins" }).getByRole("cell", { name: "ops_admin", exact: true }),
  ).toBeVisible();

  const userSig = await generateUserSig("alice");
  const login = await page.request.post("/api/v1/login", { data: { sdkAppId, userId: "alice", userSig } });
  expect(login.status()).toBe(200);

  await page.goto("/operators");
  await page.getByRole("button", { name: "Add operator" }).click();
  const dialog = page.getByRole("dialog", { name: "Add operator" });
  const email = `a11y-${suffix}@tessera.test`;
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Initial password").fill("a11y password 12345");
  await dialog.getByLabel("Role").selectOption("scoped");
  await dialog.getByRole("button", { name: "Add operator" }).click();
  await page.getByLabel(`Give ${email} access to an application`).selectOption(String(sdkAppId));
  await expect(page.getByLabel(`Role of ${email} in ${appName}`)).toHaveValue("viewer");
}

async function generateUserSig(userId: string): Promise<string> {
  await page.goto(`/apps/${sdkAppId}/tools`);
  const panel = page.getByRole("tabpanel", { name: "Generate UserSig" });
  await panel.getByLabel("UserID").fill(userId);
  await panel.getByRole("button", { name: "Generate UserSig" }).click();
  const field = panel.getByLabel("UserSig", { exact: true });
  await expect(field).toHaveValue(/^[A-Za-z0-9*\-_]{40,}$/);
  return field.inputValue();
}

/** Runs axe on what the page shows now; `name` says which page and state in the report. */
const checkPage = (name: string) => checkAxe(page, name);

/** Visits each link of a navigation landmark in turn, so a tab added later is checked too. */
async function checkNavigation(label: string) {
  const links = page.getByRole("navigation", { name: label }).getByRole("link");
  const targets = await links.evaluateAll((elements) =>
    elements.map((element) => ({ href: element.getAttribute("href") ?? "", text: element.textContent?.trim() ?? "" })),
  );
  expect(targets.length).toBeGreaterThan(0);
  for (const target of targets) {
    await page.goto(target.href);
    await checkPage(`${target.text} (${target.href})`);
  }
}

test("accessibility: the console's main pages", async () => {
  await page.goto("/apps");
  await checkNavigation("Main");
  await page.goto("/profile");
  await checkPage("/profile");
});

test("accessibility: every tab of an application, and an account's page", async () => {
  await page.goto(`/apps/${sdkAppId}`);
  await checkNavigation("Application sections");
  await page.goto(`/apps/${sdkAppId}/accounts/alice`);
  await expect(page.getByRole("table", { name: "Issued UserSigs" })).toBeVisible();
  await checkPage("an account's page");
});

test("accessibility: the UserSig tools with their results", async () => {
  const ticket = await generateUserSig("bob");
  await checkPage("tools: Generate UserSig with a result");

  await page.getByRole("tab", { name: "PrivateMapKey" }).click();
  const mapKey = page.getByRole("tabpanel", { name: "PrivateMapKey" });
  await mapKey.getByLabel("UserID").fill("bob");
  await mapKey.getByLabel("Room", { exact: true }).fill("1234");
  await mapKey.getByRole("button", { name: "Generate PrivateMapKey" }).click();
  await expect(mapKey.getByRole("textbox", { name: "PrivateMapKey" })).toHaveValue(/\S{40,}/);
  await checkPage("tools: PrivateMapKey with a result");

  await page.getByRole("tab", { name: "Verify" }).click();
  const verify = page.getByRole("tabpanel", { name: "Verify" });
  await verify.getByLabel("UserID to verify").fill("bob");
  await verify.getByLabel("UserSig to verify").fill(ticket);
  await verify.getByRole("button", { name: "Verify" }).click();
  await expect(verify.getByTestId("verify-result")).toBeVisible();
  await checkPage("tools: Verify with a result");

  await page.getByRole("tab", { name: "Decode" }).click();
  const decode = page.getByRole("tabpanel", { name: "Decode" });
  await decode.getByLabel("UserSig to decode").fill(ticket);
  await expect(decode.getByTestId("decode-result")).toBeVisible();
  await checkPage("tools: Decode with a result");

  await page.getByRole("tab", { name: "Revoke" }).click();
  await checkPage("tools: Revoke");
});

test("accessibility: dialogs open", async () => {
  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  await expect(page.getByRole("dialog", { name: "Create application" })).toBeVisible();
  await checkPage("the Create application dialog");

  await page.goto(`/apps/${sdkAppId}/accounts`);
  await page.getByRole("button", { name: "Add account" }).click();
  await expect(page.getByRole("dialog", { name: "Add account" })).toBeVisible();
  await checkPage("the Add account dialog");

  await page.goto(`/apps/${sdkAppId}/keys`);
  await page.getByRole("button", { name: "Rotate key" }).click();
  await expect(page.getByRole("dialog", { name: "Rotate the secret key" })).toBeVisible();
  await checkPage("the Rotate key dialog");
});
