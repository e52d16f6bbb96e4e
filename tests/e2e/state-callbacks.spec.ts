// State-change callbacks in the console (issue 10, part 3): an admin turns
// them on with a URL and a token, sees each delivery's status, attempts,
// answer and error, resends one, and turns them off. A real receiver on
// loopback takes the callbacks; a URL inside the network is refused.
import { randomBytes, randomInt } from "node:crypto";
import { createRequire } from "node:module";
import { type Receiver, sign, startReceiver } from "../support/callback-receiver";
import { expect, test, screenshot } from "./support";

const require = createRequire(import.meta.url);
const { Api } = require("tls-sig-api-v2") as {
  Api: new (sdkAppId: number, key: string) => { genSig(userId: string, expire: number): string };
};

test.describe.configure({ mode: "serial" });

const sdkAppId = randomInt(1_500_000_000, 2 ** 32 - 1);
const key = randomBytes(32).toString("hex");
const token = `e2e-${randomBytes(6).toString("hex")}`;
let receiver: Receiver;

test.beforeAll(async () => {
  receiver = await startReceiver();
});

test.afterAll(async () => {
  await receiver.close();
});

test("an admin turns state callbacks on, sees deliveries, resends one, and turns them off", async ({ page }) => {
  // An application with a known key, so this test can sign its users' UserSigs.
  await page.goto("/apps");
  await page.getByRole("button", { name: "Import application" }).click();
  const dialog = page.getByRole("dialog", { name: "Import application" });
  await dialog.getByLabel("SDKAppID").fill(String(sdkAppId));
  await dialog.getByLabel("Application name").fill("Callbacks in the browser");
  await dialog.getByLabel("Secret key").fill(key);
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${sdkAppId}$`));

  await page.getByRole("link", { name: "Callbacks" }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${sdkAppId}/callbacks$`));
  await expect(page.getByText("No deliveries yet")).toBeVisible();
  const form = page.getByRole("region", { name: "State callback" });
  await form.getByLabel("Callback URL").fill("ftp://example.com/x");
  await form.getByRole("button", { name: "Turn on state callbacks" }).click();
  await expect(form.getByText("must start with http:// or https://")).toBeVisible();
  // A URL inside the network (here the cloud metadata address) is refused, saying why.
  await form.getByLabel("Callback URL").fill("http://169.254.169.254/latest/meta-data/");
  await form.getByRole("button", { name: "Turn on state callbacks" }).click();
  await expect(form.getByText(/169\.254\.169\.254 is a link-local address/)).toBeVisible();

  await form.getByLabel("Callback URL").fill(receiver.url("/e2e"));
  await expect(form.getByLabel(/^Login/)).toBeChecked();
  await form.getByLabel(/^Logout/).uncheck();
  await form.getByLabel("Token").fill(token);
  await form.getByRole("button", { name: "Turn on state callbacks" }).click();
  await expect(page.getByRole("status")).toContainText("State callback saved.");
  await expect(form.getByText("A token is set; it is never shown again.")).toBeVisible();
  await expect(form.getByLabel("New token")).toHaveValue("");

  const login = await page.request.post("/api/v1/login", {
    data: {
      sdkAppId,
      userId: "browser_user",
      userSig: new Api(sdkAppId, key).genSig("browser_user", 600),
      platform: "Web",
    },
  });
  expect(login.status()).toBe(200);
  const logout = await page.request.post("/api/v1/logout", {
    headers: { authorization: `Bearer ${(await login.json()).token}` },
  });
  expect(logout.status()).toBe(200);
  const [first] = await receiver.waitFor((r) => r.length >= 1);
  expect(first!.body.Info).toEqual({ Action: "Login", To_Account: "browser_user", Reason: "Register" });
  expect(first!.query.get("Sign")).toBe(sign(token, first!.query.get("RequestTime")!));
  expect(first!.query.get("OptPlatform")).toBe("Web");

  const deliveries = page.getByRole("table", { name: "Deliveries" });
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(deliveries.getByRole("row")).toHaveCount(2, { timeout: 1000 });
  }).toPass();
  const row = deliveries.getByRole("row").nth(1);
  await expect(row).toContainText("browser_user");
  await expect(row).toContainText("Login (Register)");
  await expect(row).toContainText("delivered");
  await expect(row).toContainText("HTTP 200");
  expect(receiver.received.length, "the logout was not asked for").toBe(1);

  // The App Server fails for a while: a resent delivery is retried until it answers.
  // The first request to /e2e was the delivery above; the resent one fails three times (1 + 2 + 4 s of back-off), then passes.
  receiver.answer("/e2e", (seen) => (seen < 4 ? 500 : 200));
  await row.getByRole("button", { name: /Resend delivery/ }).click();
  await expect(page.getByRole("status")).toContainText("Queued to be sent again.");
  await receiver.waitFor((r) => r.some((x) => x.answered === 500));
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(row).toContainText("HTTP 500.", { timeout: 1000 });
  }).toPass();
  await expect(row).toContainText("pending");
  await receiver.waitFor((r) => r.filter((x) => x.answered === 200).length >= 2);
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(row).toContainText("delivered", { timeout: 1000 });
  }).toPass();
  await expect(row.getByRole("cell").nth(4)).toHaveText("4");
  await screenshot(page, "state-callbacks");

  await form.getByRole("button", { name: "Turn off" }).click();
  await page
    .getByRole("dialog", { name: "Turn off state callbacks?" })
    .getByRole("button", { name: "Turn off" })
    .click();
  await expect(page.getByRole("status")).toContainText("State callbacks turned off.");
  await page.reload();
  await expect(page.getByRole("button", { name: "Turn on state callbacks" })).toBeVisible();
  await expect(page.getByLabel("Callback URL")).toHaveValue("");
});
