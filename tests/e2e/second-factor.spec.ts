// Two-factor sign-in in the browser, every step an operator sees: turning an
// authenticator app on from the profile, the owner's policy sending an admin
// to enrol after the password, the second-factor step with a code and with a
// recovery code, and a new password after a break-glass reset. Each step's
// page is screenshotted (test-results/screenshots) and checked with axe.
// The owner's factor and policy are put back in afterAll, since the specs
// after this one sign in as the owner with a password alone.
import { spawnSync } from "node:child_process";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import type { Browser, Page } from "@playwright/test";
import { OWNER, addOperator, checkAxe, expect, screenshot, test } from "./support";

test.describe.configure({ mode: "serial", timeout: 180_000 });
// axe reads colours as they are: a button fading back from its pending
// colour would be measured half-way (as in accessibility.spec.ts).
test.use({ reducedMotion: "reduce" });

const suffix = Date.now().toString(36);
const admin = { email: `mfa-admin-${suffix}@tessera.test`, password: `admin password ${suffix} Q7` };
let ownerKey: Uint8Array | undefined;

/**
 * The code of the 30-second step `offset` steps from now. Each step is
 * accepted once per operator, so enrolling uses this step's and later checks
 * the next one's; never the previous step's, which a step boundary passing
 * before the server checks it would make two steps old (only ±1 is accepted).
 */
const codeAt = (key: Uint8Array, offset: number) =>
  generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + offset), 6);

async function readSecret(page: Page): Promise<Uint8Array> {
  const text = await page.getByTestId("totp-secret").textContent();
  return decodeBase32IgnorePadding((text ?? "").replace(/\s/g, ""));
}

async function setPolicy(page: Page, label: string) {
  await page.goto("/operators");
  await page.getByLabel("Require a second factor for").selectOption({ label });
  const form = page.locator("form").filter({ has: page.getByLabel("Require a second factor for") });
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.").first()).toBeVisible();
}

async function passwordStep(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  // A context of its own, without the owner's session the project gives every context.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, reducedMotion: "reduce" });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  return page;
}

test.afterAll(async ({ browser }) => {
  // The owner's storage state still holds a session: enrolling ends none.
  const page = await browser
    .newContext({ storageState: test.info().project.use.storageState as string })
    .then((context) => context.newPage());
  await setPolicy(page, "Nobody");
  if (ownerKey) {
    await page.goto("/profile");
    await page.getByRole("button", { name: "Turn off" }).click();
    await page.getByLabel("Code from the app, or a recovery code").fill(codeAt(ownerKey, 1));
    await page.getByLabel("Your password").fill(OWNER.password);
    await page.getByRole("button", { name: "Turn off" }).click();
    await expect(page.getByText("Two-factor sign-in is off.")).toBeVisible();
  }
  await page.context().close();
});

test("the owner turns on an authenticator app from the profile", async ({ page }) => {
  await page.goto("/profile");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await screenshot(page, "profile-totp-setup");
  await checkAxe(page, "profile, setting up an authenticator app");
  const key = await readSecret(page);
  await page.getByLabel("Code from the app").fill("000000");
  await page.getByLabel("Your password").fill(OWNER.password);
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("That code is not right.", { exact: true })).toBeVisible();

  await page.getByLabel("Code from the app").fill(codeAt(key, 0));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  ownerKey = key;
  await screenshot(page, "profile-recovery-codes");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText("10 recovery codes left")).toBeVisible();
});

test("the policy sends an admin without a factor to enrol after the password, then the code step asks for it", async ({
  page,
  browser,
}) => {
  await page.goto("/operators");
  await addOperator(page, admin, "admin");
  await setPolicy(page, "Owners and admins");

  // Enrolment is owed: the console answers nothing else.
  const enrolling = await passwordStep(browser, admin);
  await expect(enrolling).toHaveURL(/\/sign-in\/enroll$/);
  await enrolling.goto("/apps");
  await expect(enrolling).toHaveURL(/\/sign-in/);
  await enrolling.goto("/sign-in/enroll");
  await expect(enrolling.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await screenshot(enrolling, "sign-in-enroll");
  await checkAxe(enrolling, "sign-in, enrol a second factor");
  const key = await readSecret(enrolling);
  await enrolling.getByLabel("Code from the app").fill(codeAt(key, 0));
  await enrolling.getByRole("button", { name: "Turn on and continue" }).click();
  const listed = enrolling.getByTestId("recovery-codes").getByRole("listitem");
  await expect(listed).toHaveCount(10);
  const codes = await listed.allTextContents();
  await screenshot(enrolling, "sign-in-enroll-recovery-codes");
  await enrolling.getByRole("button", { name: "I have saved them, continue" }).click();
  await expect(enrolling).toHaveURL(/\/apps$/);
  await enrolling.context().close();

  // The next sign-in asks for a code: a wrong one is refused, the current one signs in.
  const second = await passwordStep(browser, admin);
  await expect(second).toHaveURL(/\/sign-in\/second-factor$/);
  await screenshot(second, "sign-in-second-factor");
  await checkAxe(second, "sign-in, second factor");
  await second.getByLabel("Code").fill("123456");
  await second.getByRole("button", { name: "Verify" }).click();
  await expect(second.getByRole("alert").filter({ hasText: "That code is not right" })).toBeVisible();
  await checkAxe(second, "sign-in, second factor refused");
  await second.getByLabel("Code").fill(codeAt(key, 1));
  await second.getByRole("button", { name: "Verify" }).click();
  await expect(second).toHaveURL(/\/apps$/);
  await second.context().close();

  // A recovery code works once in place of a code.
  const recovering = await passwordStep(browser, admin);
  await expect(recovering).toHaveURL(/\/sign-in\/second-factor$/);
  await recovering.getByLabel("Code").fill(codes[0]!);
  await recovering.getByRole("button", { name: "Verify" }).click();
  await expect(recovering).toHaveURL(/\/apps$/);
  await recovering.goto("/profile");
  await expect(recovering.getByText("9 recovery codes left")).toBeVisible();
  await recovering.context().close();
});

test("after a break-glass reset the operator sets a new password at sign-in", async ({ browser }) => {
  // `npm run operator:reset` as an operator would run it on the server, against the server's database.
  const reset = spawnSync("npm", ["run", "-s", "operator:reset", "--", "--email", admin.email], {
    encoding: "utf8",
    env: process.env,
  });
  expect(reset.status, `${reset.stdout}\n${reset.stderr}`).toBe(0);
  const oneTime = /password[^:]*:\s*(\S+)/i.exec(reset.stdout)?.[1];
  expect(oneTime, reset.stdout).toBeTruthy();

  const page = await passwordStep(browser, { email: admin.email, password: oneTime! });
  await expect(page).toHaveURL(/\/sign-in\/new-password$/);
  await screenshot(page, "sign-in-new-password");
  await checkAxe(page, "sign-in, new password");
  const fresh = `${admin.password} renewed`;
  await page.getByLabel("New password", { exact: true }).fill(fresh);
  await page.getByLabel("Confirm new password").fill(fresh);
  await page.getByRole("button", { name: "Save and continue" }).click();
  // The reset removed the factors and the policy still covers admins: enrolment comes next.
  await expect(page).toHaveURL(/\/sign-in\/enroll$/);
  await page.context().close();
});
