// Roles are enforced on the server: a viewer and a developer cannot do what
// their role forbids through the UI, nor by calling the server actions and
// route handlers directly with their own session.
import type { Browser, Page } from "@playwright/test";
import { addOperator, expect, test, callAction, createApp, OWNER, screenshot, signIn } from "./support";

test.describe.configure({ mode: "serial" });

const suffix = Date.now().toString(36);
const viewer = { email: `viewer-${suffix}@tessera.test`, password: "viewer password 1234" };
const developer = { email: `developer-${suffix}@tessera.test`, password: "developer password 1234" };
const appName = `Roles App ${suffix}`;

let owner: Page;
let sdkAppId = 0;
const actions: Record<string, { url: string; id: string }> = {};

async function signedInPage(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, who.email, who.password);
  return page;
}

/** Runs a UI step and records the server action it calls, so other sessions can replay it. */
async function captureAction(page: Page, name: string, step: () => Promise<void>) {
  const request = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await step();
  const captured = await request;
  actions[name] = { url: captured.url(), id: captured.headers()["next-action"]! };
}

test.beforeAll(async ({ browser }) => {
  owner = await browser.newPage({ storageState: test.info().project.use.storageState as string });
});

test("the owner adds a viewer and a developer", async () => {
  sdkAppId = await createApp(owner, appName);
  await owner.goto("/operators");
  for (const [who, role] of [
    [viewer, "viewer"],
    [developer, "developer"],
  ] as const) {
    await addOperator(owner, who, role, (click) => captureAction(owner, "createOperator", click));
  }
  await screenshot(owner, "operators");

  // Capture the owner's own calls of the other actions, to replay them as others.
  await owner.goto(`/apps/${sdkAppId}/settings`);
  await owner.getByLabel("Application name").fill(`${appName} x`);
  await captureAction(owner, "renameApp", () => owner.getByRole("button", { name: "Rename" }).click());
  await expect(owner.getByRole("heading", { name: `${appName} x` })).toBeVisible();
  await owner.goto(`/apps/${sdkAppId}/keys`);
  await owner.getByRole("button", { name: "Rotate key" }).click();
  await captureAction(owner, "rotateKey", () =>
    owner.getByRole("dialog", { name: "Rotate the secret key" }).getByRole("button", { name: "Rotate" }).click(),
  );
  await expect(owner.getByRole("listitem").filter({ hasText: "Key v2" })).toContainText("primary");
  await owner.goto(`/apps/${sdkAppId}/tools`);
  await owner.getByRole("tabpanel", { name: "Generate UserSig" }).getByLabel("UserID").fill("someone");
  await captureAction(owner, "generateUserSig", () => owner.getByRole("button", { name: "Generate UserSig" }).click());
  await expect(
    owner.getByRole("tabpanel", { name: "Generate UserSig" }).getByLabel("UserSig", { exact: true }),
  ).toBeVisible();
});

test("the owner gives a scoped operator one application; they see and act on only that one", async ({ browser }) => {
  const scoped = { email: `scoped-${suffix}@tessera.test`, password: "scoped password 1234" };
  const otherApp = await createApp(owner, `Roles other ${suffix}`);
  await owner.goto("/operators");
  await addOperator(owner, scoped, "scoped");
  await owner.getByLabel(`Give ${scoped.email} access to an application`).selectOption(String(sdkAppId));
  await owner.getByLabel(`Role of ${scoped.email} in ${appName} x`).selectOption("developer");
  await expect(owner.getByLabel(`Role of ${scoped.email} in ${appName} x`)).toHaveValue("developer");
  await screenshot(owner, "operators-scoped");

  const page = await signedInPage(browser, scoped);
  await expect(page.getByRole("table", { name: "Applications" })).toContainText(String(sdkAppId));
  await expect(page.getByRole("table", { name: "Applications" })).not.toContainText(String(otherApp));
  await page.goto(`/apps/${otherApp}`);
  await expect(page).toHaveURL(/\/forbidden$/);
  await page.goto(`/apps/${sdkAppId}/tools`);
  await expect(
    page.getByRole("tabpanel", { name: "Generate UserSig" }).getByRole("button", { name: "Generate UserSig" }),
  ).toBeVisible();
  const rename = await callAction(page, actions.renameApp!, [{ sdkAppId: otherApp, name: "hijacked" }]);
  expect(rename.body).toContain(`no access to application ${otherApp}`);
  await page.context().close();
});

test("a viewer can read but the UI offers no change, and direct calls are refused", async ({ browser }) => {
  const page = await signedInPage(browser, viewer);
  await expect(page.getByRole("button", { name: "Create application" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Operators" })).toHaveCount(0);
  await page.goto(`/apps/${sdkAppId}/keys`);
  await expect(page.getByLabel("Secret key v2")).toBeVisible();
  await expect(page.getByRole("button", { name: "Show key" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Rotate key" })).toHaveCount(0);
  await page.goto(`/apps/${sdkAppId}/tools`);
  await expect(page.getByRole("tab", { name: "Decode" })).toHaveAttribute("aria-selected", "true");
  await page.getByRole("tab", { name: "Generate UserSig" }).click();
  await expect(page.getByText("Your role cannot generate UserSigs")).toBeVisible();
  await page.goto(`/apps/${sdkAppId}/accounts`);
  await expect(page.getByRole("button", { name: "Add account" })).toHaveCount(0);
  await page.goto("/operators");
  await expect(page).toHaveURL(/\/forbidden$/);

  const rename = await callAction(page, actions.renameApp!, [{ sdkAppId, name: "hijacked" }]);
  expect(rename.body).toContain("does not allow this");
  const rotate = await callAction(page, actions.rotateKey!, [{ sdkAppId, graceDays: 0 }]);
  expect(rotate.body).toContain("does not allow this");
  const issue = await callAction(page, actions.generateUserSig!, [{ sdkAppId, userId: "someone", expire: 60 }]);
  expect(issue.body).toContain("does not allow this");
  const promote = await callAction(page, actions.createOperator!, [
    { email: `evil-${suffix}@tessera.test`, name: "", password: "a long enough password", role: "owner" },
  ]);
  expect(promote.body).toContain("does not allow this");
  const reveal = await page.request.post(`/apps/${sdkAppId}/keys/2/reveal`, { data: { password: viewer.password } });
  expect(reveal.status()).toBe(403);
  expect(reveal.headers()["cache-control"]).toContain("no-store");
  const exported = await page.request.get(`/apps/${sdkAppId}/accounts/export`);
  expect(exported.status()).toBe(403);

  // Nothing changed.
  await owner.goto(`/apps/${sdkAppId}/keys`);
  await expect(owner.getByRole("listitem").filter({ hasText: "Key v2" })).toContainText("primary");
  await expect(owner.getByRole("listitem").filter({ hasText: "Key v3" })).toHaveCount(0);
  await expect(owner.getByRole("heading", { name: `${appName} x` })).toBeVisible();
  await owner.goto("/operators");
  await expect(owner.getByRole("table", { name: "Operators" })).not.toContainText(`evil-${suffix}`);
  await owner.goto(`/audit?result=denied`);
  await expect(owner.getByRole("table", { name: "Audit events" })).toContainText(viewer.email);
  await page.context().close();
});

test("a developer can generate and verify but not manage keys, and direct calls are refused", async ({ browser }) => {
  const page = await signedInPage(browser, developer);
  await page.goto(`/apps/${sdkAppId}/tools`);
  const panel = page.getByRole("tabpanel", { name: "Generate UserSig" });
  await expect(panel.getByText("Your role may issue tickets valid for at most 7 days")).toBeVisible();
  await expect(panel.getByLabel("180 days")).toHaveCount(0);
  await panel.getByLabel("UserID").fill("dev_user");
  await panel.getByRole("button", { name: "Generate UserSig" }).click();
  await expect(panel.getByLabel("UserSig", { exact: true })).toHaveValue(/.{40,}/);
  // An app admin's UserSig would authenticate to the REST API: refused in the UI and when replayed.
  await panel.getByLabel("UserID").fill("administrator");
  await panel.getByRole("button", { name: "Generate UserSig" }).click();
  await expect(page.getByText(/"administrator" is an app admin/).first()).toBeVisible();
  const admin = await callAction(page, actions.generateUserSig!, [{ sdkAppId, userId: "administrator", expire: 60 }]);
  expect(admin.body).toContain("is an app admin");
  const long = await callAction(page, actions.generateUserSig!, [
    { sdkAppId, userId: "dev_direct", expire: 180 * 86_400 },
  ]);
  expect(long.body).toContain("at most 7 day(s)");
  await page.goto(`/apps/${sdkAppId}/keys`);
  await expect(page.getByRole("button", { name: "Rotate key" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Show key" })).toHaveCount(0);
  await page.goto(`/apps/${sdkAppId}/settings`);
  await expect(page.getByText("Only admins and owners can change an application.")).toBeVisible();

  const rotate = await callAction(page, actions.rotateKey!, [{ sdkAppId, graceDays: 0 }]);
  expect(rotate.body).toContain("does not allow this");
  const rename = await callAction(page, actions.renameApp!, [{ sdkAppId, name: "hijacked" }]);
  expect(rename.body).toContain("does not allow this");
  const reveal = await page.request.post(`/apps/${sdkAppId}/keys/2/reveal`, { data: { password: developer.password } });
  expect(reveal.status()).toBe(403);
  const issue = await callAction(page, actions.generateUserSig!, [{ sdkAppId, userId: "dev_direct", expire: 60 }]);
  expect(issue.body).toContain('"ok":true');
  await owner.goto(`/apps/${sdkAppId}/keys`);
  await expect(owner.getByRole("listitem").filter({ hasText: "Key v3" })).toHaveCount(0);
  await page.context().close();
});

test("changing one's password ends the old session; the new password works", async ({ browser }) => {
  const page = await signedInPage(browser, developer);
  const other = await signedInPage(browser, developer);
  await page.goto("/profile");
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password", { exact: true }).fill("developer password 5678");
  await page.getByLabel("Confirm new password").fill("developer password 5678");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your current password is incorrect.").first()).toBeVisible();
  await page.getByLabel("Current password").fill(developer.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await other.goto("/apps");
  await expect(other).toHaveURL(/\/sign-in$/);
  developer.password = "developer password 5678";
  await signIn(page, developer.email, developer.password);
  await page.context().close();
  await other.context().close();
});

test("a signed-out request is refused and a disabled operator's session ends", async ({ browser }) => {
  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const stranger = await anonymous.newPage();
  const rename = await callAction(stranger, actions.renameApp!, [{ sdkAppId, name: "hijacked" }]);
  expect(rename.body).toContain("Sign in again");
  await stranger.goto(`/apps/${sdkAppId}`);
  await expect(stranger).toHaveURL(/\/sign-in$/);
  await anonymous.close();

  const page = await signedInPage(browser, viewer);
  await owner.goto("/operators");
  await owner.getByRole("button", { name: `Disable ${viewer.email}` }).click();
  await owner.getByRole("dialog").getByRole("button", { name: "Disable" }).click();
  await expect(owner.getByRole("row").filter({ hasText: viewer.email })).toContainText("disabled");
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.context().close();
});

test("sign-in errors do not reveal whether the email exists, and repeated failures are throttled", async ({
  browser,
}) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const attempt = async (email: string, password: string) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    return page.locator("form").getByRole("alert");
  };
  await expect(await attempt(OWNER.email, "wrong password")).toHaveText("Email or password is incorrect.");
  await expect(await attempt(`nobody-${suffix}@tessera.test`, "wrong password")).toHaveText(
    "Email or password is incorrect.",
  );
  await screenshot(page, "sign-in");
  const target = `locked-${suffix}@tessera.test`;
  for (let i = 0; i < 5; i++)
    await expect(await attempt(target, `wrong ${i}`)).toHaveText("Email or password is incorrect.");
  await expect(await attempt(target, "wrong again")).toContainText("Too many failed sign-in attempts");
  await context.close();
});

test("sign-out ends the session", async ({ browser }) => {
  const page = await signedInPage(browser, developer);
  // A click that lands before the page has hydrated does nothing; click until it signs out.
  await expect(async () => {
    await page.getByRole("button", { name: "Sign out" }).click({ timeout: 2000 });
    await expect(page).toHaveURL(/\/sign-in$/, { timeout: 3000 });
  }).toPass({ timeout: 20_000 });
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.context().close();
});
