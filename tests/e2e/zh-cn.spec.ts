// The console in Simplified Chinese (issue 22): the browser asks for zh-CN
// (playwright.config.ts, project console-zh-CN), and the main flows run with
// the Chinese labels an operator sees: sign in, create an application, reveal
// its key, generate a UserSig, import accounts, configure a state callback,
// read the audit log. Every page is checked with axe and photographed into
// test-results/screenshots/zh-CN-*.png for a look by eye.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { type Receiver, startReceiver } from "../support/callback-receiver";
import { expect, test, OWNER, REVEAL_WORDS, revealKey, screenshot } from "./support";

test.describe.configure({ mode: "serial", timeout: 180_000 });

const appName = `中文应用 ${Date.now().toString(36)}`;
let sdkAppId = 0;
let receiver: Receiver;

test.beforeAll(async () => {
  receiver = await startReceiver();
});

test.afterAll(async () => {
  await receiver.close();
});

/** axe on what the page shows now: serious and critical findings fail. */
async function checkAccessibility(page: Page, name: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect.soft(serious, `axe, ${name}`).toEqual([]);
}

/** A page as the operator sees it: in Chinese, accessible, and photographed. */
async function look(page: Page, name: string) {
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  // The title streams in after a re-render (saving the language): wait for it before axe looks.
  await expect(page).toHaveTitle(/\S/);
  await checkAccessibility(page, name);
  await screenshot(page, `zh-CN-${name}`);
}

test("sign in in Chinese, and switch the sign-in page's language", async ({ browser }) => {
  // Signed out: the project's saved sign-in would otherwise come with the new context.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, reducedMotion: "reduce" });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "登录控制台" })).toBeVisible();
  await look(page, "sign-in");

  const languages = page.getByRole("navigation", { name: "语言" });
  await languages.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to the console" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Sign in to the console" })).toBeVisible();
  await page.getByRole("navigation", { name: "Language" }).getByRole("button", { name: "简体中文" }).click();
  await expect(page.getByRole("heading", { name: "登录控制台" })).toBeVisible();

  await page.getByLabel("邮箱").fill(OWNER.email);
  await page.getByLabel("密码").fill("not the password at all");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("邮箱或密码错误。");
  await page.getByLabel("密码").fill(OWNER.password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.getByRole("heading", { name: "应用管理", level: 1 })).toBeVisible();
  await context.close();
});

test("create an application, reveal its key and generate a UserSig", async ({ page }) => {
  await page.goto("/apps");
  await page.getByRole("button", { name: "创建应用" }).click();
  const dialog = page.getByRole("dialog", { name: "创建应用" });
  await dialog.getByLabel("应用名称").fill("");
  await dialog.getByRole("button", { name: "创建" }).click();
  await expect(dialog).toBeVisible();
  await look(page, "create-app-dialog");
  await dialog.getByLabel("应用名称").fill(appName);
  await dialog.getByRole("button", { name: "创建" }).click();
  await expect(page).toHaveURL(/\/apps\/\d+$/);
  sdkAppId = Number(page.url().match(/\/apps\/(\d+)$/)![1]);
  await expect(page.getByRole("status")).toContainText(`应用已创建，SDKAppID 为 ${sdkAppId}。`);

  await page.getByRole("navigation", { name: "应用功能" }).getByRole("link", { name: "密钥" }).click();
  await expect(page.getByRole("heading", { name: "密钥", level: 2, exact: true })).toBeVisible();
  await revealKey(page, 1, OWNER.password, REVEAL_WORDS["zh-CN"]);
  await look(page, "keys-revealed");

  await page.getByRole("navigation", { name: "应用功能" }).getByRole("link", { name: "UserSig 工具" }).click();
  const generate = page.getByRole("tabpanel", { name: "生成 UserSig" });
  await expect(generate.getByText("1 天", { exact: true })).toBeVisible();
  await generate.getByLabel("UserID").fill("zhang_san");
  await generate.getByRole("button", { name: "生成 UserSig" }).click();
  await expect(page.getByRole("status").filter({ hasText: "UserSig 已生成。" })).toBeVisible();
  await expect(generate.getByLabel("UserSig", { exact: true })).toHaveValue(/^[A-Za-z0-9*\-_]{40,}$/);
  await expect(generate.getByTestId("usersig-expires")).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 UTC \d{2}:\d{2}:\d{2}$/);
  await look(page, "tools-generated");

  // Verify it for another user: the verdict's cause and fix read in Chinese.
  await generate.getByRole("button", { name: "校验", exact: true }).click();
  const verify = page.getByRole("tabpanel", { name: "校验" });
  await verify.getByLabel("待校验的 UserID").fill("li_si");
  await verify.getByRole("button", { name: "校验", exact: true }).click();
  const verdict = verify.getByTestId("verify-result");
  await expect(verdict).toContainText(/校验失败：错误码 \d+/);
  await expect(verdict).toContainText('该 UserSig 是为 UserID "zhang_san" 签发的，但登录使用的是 UserID "li_si"。');
  await look(page, "tools-verify-rejected");
});

test("import accounts from a CSV, with a rejected row explained in Chinese", async ({ page }) => {
  await page.goto(`/apps/${sdkAppId}/accounts`);
  await page.getByRole("button", { name: "导入 CSV" }).click();
  const dialog = page.getByRole("dialog", { name: "从 CSV 导入账号" });
  const csv = "userId,externalId,nickname,faceUrl\nli_si,u-1,李四,\nwang_wu,u-2,王五,\nli_si,u-3,重复,\n";
  await dialog
    .getByLabel("CSV 文件")
    .setInputFiles({ name: "users.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(dialog.getByRole("status")).toHaveText("已导入 2 个，拒绝 1 个。");
  const rejected = dialog.getByRole("table", { name: "被拒绝的行" });
  await expect(rejected.getByRole("row").nth(1)).toContainText("与第 2 行重复。");
  await look(page, "import-accounts-dialog");
  await dialog.getByRole("button", { name: "关闭" }).click();
  await expect(page.getByRole("heading", { name: "账号（3 个）" })).toBeVisible();
  await look(page, "accounts");
});

test("configure a state callback", async ({ page }) => {
  await page.goto(`/apps/${sdkAppId}/callbacks`);
  const form = page.getByRole("region", { name: "状态回调" });
  await form.getByLabel("回调 URL").fill("ftp://example.com/x");
  await form.getByRole("button", { name: "开启状态回调" }).click();
  await expect(form.getByText("回调 URL 必须以 http:// 或 https:// 开头。")).toBeVisible();
  await form.getByLabel("回调 URL").fill(receiver.url("/zh"));
  await expect(form.getByLabel(/^Login（Register）/)).toBeChecked();
  await form.getByLabel("Token", { exact: true }).fill("zh-token-123");
  await form.getByRole("button", { name: "开启状态回调" }).click();
  await expect(page.getByRole("status")).toContainText("状态回调已保存。");
  await expect(form.getByText("已设置 Token，它不会再次显示。")).toBeVisible();
  await look(page, "callbacks");
});

test("read the audit log", async ({ page }) => {
  await page.goto(`/apps/${sdkAppId}/audit`);
  const events = page.getByRole("table", { name: "审计事件" });
  for (const action of ["创建应用", "查看密钥", "签发 UserSig", "配置状态回调"])
    await expect(events.getByText(action, { exact: true }).first()).toBeVisible();
  // Action names stay as they are beside the label.
  await expect(events.getByText("key.reveal", { exact: true })).toBeVisible();
  await page.getByLabel("操作", { exact: true }).selectOption("app.create");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(events.getByRole("row")).toHaveCount(2);
  await look(page, "app-audit");
});

test("an operator's saved language wins over the browser's", async ({ page }) => {
  await page.goto("/profile");
  const language = page.getByRole("region", { name: "控制台语言" });
  await language.getByLabel("控制台语言").selectOption("en");
  await language.getByRole("button", { name: "保存语言" }).click();
  await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto("/apps");
  await expect(page.getByRole("heading", { name: "Applications", level: 1 })).toBeVisible();

  await page.goto("/profile");
  const english = page.getByRole("region", { name: "Console language" });
  await english.getByLabel("Console language").selectOption("");
  await english.getByRole("button", { name: "Save language" }).click();
  await expect(page.getByRole("heading", { name: "我的账号", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle("我的账号 · Tessera");
  await look(page, "profile");
});

test("every page in Chinese: accessible, and photographed for a look by eye", async ({ page }) => {
  await page.goto("/apps");
  const main = await hrefs(page, "主导航");
  for (const href of main) {
    await page.goto(href);
    await look(page, `main${href.replaceAll("/", "-")}`);
  }
  await page.goto(`/apps/${sdkAppId}`);
  const tabs = await hrefs(page, "应用功能");
  expect(tabs.length).toBe(9);
  for (const href of tabs) {
    await page.goto(href);
    await look(page, `app${href.replace(`/apps/${sdkAppId}`, "").replaceAll("/", "-") || "-overview"}`);
  }
  await page.goto(`/apps/${sdkAppId}/api`);
  await page.getByText("使用 UserID + UserSig 登录").click();
  await expect(page.getByText(/^校验 UserSig（应用已启用/)).toBeVisible();
  await look(page, "api-login-open");
  await page.goto(`/apps/${sdkAppId}/accounts/li_si`);
  await expect(page.getByRole("heading", { name: "账号 li_si" })).toBeVisible();
  await look(page, "account");
  await page.goto(`/apps/${sdkAppId}/tools`);
  for (const tab of ["PrivateMapKey", "校验", "解析", "撤销"]) {
    await page.getByRole("tab", { name: tab }).click();
    await look(page, `tools-${tab}`);
  }
});

async function hrefs(page: Page, navigation: string): Promise<string[]> {
  return page
    .getByRole("navigation", { name: navigation })
    .getByRole("link")
    .evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
}
