// Passkeys in Chromium with the DevTools protocol's virtual authenticator
// (a platform authenticator that keeps discoverable credentials and verifies
// the user): an operator of their own (so no other spec's sign-in changes)
// registers one on the profile, signs in with the password and the passkey
// as the second factor, then with the passkey alone; the server refuses that
// signed assertion when it is sent again; the operator removes the passkey,
// which then signs nobody in.
import type { BrowserContext, Page } from "@playwright/test";
import { addOperator, expect, test, screenshot, signIn } from "./support";

test.describe.configure({ mode: "serial" });

const suffix = Date.now().toString(36);
const operator = { email: `passkey-${suffix}@tessera.test`, password: "passkey password 1234" };

let context: BrowserContext;
let page: Page;
let authenticatorId = "";
let cdp: Awaited<ReturnType<BrowserContext["newCDPSession"]>>;
/** The form body next-auth's client posted for the passwordless sign-in, to replay. */
let capturedSignIn = "";

const credentials = async () =>
  (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials as { isResidentCredential: boolean }[];

/** Signs out by dropping the cookies; the virtual authenticator stays with the page. */
const signedOut = async () => {
  await context.clearCookies();
  await page.goto("/sign-in");
};

test.beforeAll(async ({ browser }) => {
  const owner = await browser.newPage({ storageState: test.info().project.use.storageState as string });
  await owner.goto("/operators");
  await addOperator(owner, operator, "developer");
  await owner.close();

  context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  page = await context.newPage();
  cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  ({ authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  }));
});

test.afterAll(async () => {
  await context?.close();
});

test("an operator registers a passkey on the profile", async () => {
  await signIn(page, operator.email, operator.password);
  await page.goto("/profile");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await page.getByLabel("Name").fill("Virtual key");
  await page.getByLabel("Your password").fill(operator.password);
  await page.getByRole("button", { name: "Add passkey" }).click();
  const list = page.getByRole("list", { name: "Your passkeys" });
  await expect(list).toContainText("Virtual key");
  await expect(list).toContainText("Last used never");
  expect((await credentials()).map((c) => c.isResidentCredential)).toEqual([true]);
  await screenshot(page, "passkeys");
});

test("after the password, the passkey is the second factor", async () => {
  await signedOut();
  await page.getByLabel("Email").fill(operator.email);
  await page.getByLabel("Password").fill(operator.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\/second-factor$/);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/\/apps$/);
  await page.goto("/profile");
  await expect(page.getByRole("list", { name: "Your passkeys" })).not.toContainText("Last used never");
});

test("the passkey alone signs in, and the same signed answer sent again is refused", async ({ browser, baseURL }) => {
  await signedOut();
  const posted = page.waitForRequest((r) => r.method() === "POST" && r.url().includes("/api/auth/callback/passkey"));
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/apps$/);
  capturedSignIn = (await posted).postData() ?? "";
  expect(capturedSignIn).toContain("response=");

  // The replay, from a browser of its own with a CSRF token of its own: only the assertion is reused.
  const replay = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const { csrfToken } = (await (await replay.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const form = new URLSearchParams(capturedSignIn);
    form.set("csrfToken", csrfToken);
    const response = await replay.request.post("/api/auth/callback/passkey", {
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL! },
      data: form.toString(),
      maxRedirects: 0,
    });
    expect(response.status()).toBeLessThan(500);
    const answer = (await response.json().catch(() => ({}))) as { url?: string };
    expect(answer.url ?? response.headers()["location"] ?? "").toContain("error=CredentialsSignin");
    const session = (await (await replay.request.get("/api/auth/session")).json()) as { operatorId?: string };
    expect(session.operatorId).toBeUndefined();
  } finally {
    await replay.close();
  }
});

test("the operator removes the passkey; it signs nobody in after that", async () => {
  await page.goto("/profile");
  await page.getByRole("button", { name: "Remove Virtual key" }).click();
  await page.getByLabel("Your password").fill(operator.password);
  await page.getByRole("button", { name: "Remove passkey" }).click();
  await expect(page.getByText("No passkeys yet.")).toBeVisible();

  // The authenticator still holds the credential; the server no longer knows it.
  expect(await credentials()).toHaveLength(1);
  await signedOut();
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That passkey did not sign you in" })).toBeVisible();
  // And the password alone signs in again: no second factor is left.
  await signIn(page, operator.email, operator.password);
});
