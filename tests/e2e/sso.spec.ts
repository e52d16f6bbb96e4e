// Single sign-on in the browser: the owner connects a real OpenID Provider
// (tests/support/oidc-provider.ts, named as another site than the console:
// 127.0.0.1 when the console is localhost, else localhost) on the Operators page; someone new clicks "Sign in
// with SSO", goes through the provider and lands in the console as a new
// viewer, under the console's Content-Security-Policy; the owner turns SSO off.
import { randomBytes } from "node:crypto";
import { startTestProvider, type TestProvider } from "../support/oidc-provider";
import { expect, test } from "./support";

test.describe.configure({ mode: "serial" });

let idp: TestProvider;
const baseUrl = process.env.TESSERA_TEST_BASE_URL ?? "http://127.0.0.1:3000";

test.beforeAll(async () => {
  const otherSite = new URL(baseUrl).hostname === "localhost" ? "127.0.0.1" : "localhost";
  idp = await startTestProvider(`${baseUrl}/api/auth/sso/callback`, otherSite);
});

test.afterAll(async () => {
  await idp.close();
});

test("the owner connects a provider; a first SSO sign-in lands in the console; the owner turns SSO off", async ({
  page,
  browser,
}) => {
  await page.goto("/operators");
  const sso = page.getByRole("region", { name: "Single sign-on" });
  await expect(sso.getByText(`${baseUrl}/api/auth/sso/callback`)).toBeVisible();
  await sso.getByLabel("Issuer URL").fill(idp.issuer);
  await sso.getByLabel("Client ID").fill(idp.clientId);
  await sso.getByLabel("Client secret").fill(idp.clientSecret);
  await sso.getByLabel("Allowed email domains").fill("tessera.test");
  await sso.getByLabel("A first SSO sign-in").selectOption("viewer");
  await sso.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Single sign-on saved.")).toBeVisible();
  // The secret is never sent back: the field is empty and says one is set.
  await page.reload();
  await expect(sso.getByLabel("Client secret")).toHaveValue("");
  await expect(sso.getByLabel("Client secret")).toHaveAttribute("placeholder", /Set/);
  expect(await page.content()).not.toContain(idp.clientSecret);

  const email = `sso-e2e-${randomBytes(4).toString("hex")}@tessera.test`;
  const visitor = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const signIn = await visitor.newPage();
    await signIn.goto("/sign-in");
    idp.signInAs({ email, emailVerified: true });
    await signIn.getByRole("link", { name: "Sign in with SSO" }).click();
    await expect(signIn).toHaveURL(/\/apps$/);
    await signIn.goto("/profile");
    await expect(signIn.getByText(`${email} · viewer: Read only`)).toBeVisible();
  } finally {
    await visitor.close();
  }

  await page.goto("/operators");
  await sso.getByRole("button", { name: "Turn off SSO" }).click();
  await page
    .getByRole("dialog", { name: "Turn off single sign-on?" })
    .getByRole("button", { name: "Turn off" })
    .click();
  await expect(page.getByText("Single sign-on turned off.")).toBeVisible();
  const signedOut = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const signInPage = await signedOut.newPage();
    await signInPage.goto("/sign-in");
    await expect(signInPage.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    await expect(signInPage.getByRole("link", { name: "Sign in with SSO" })).toHaveCount(0);
  } finally {
    await signedOut.close();
  }
});
