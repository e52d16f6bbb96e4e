import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

// Every spec imports `test` from here (a lint rule says so). The server sends
// its Content-Security-Policy as in production and the browser enforces it
// (playwright.config.ts), so a script, style or frame the console needs but
// the policy refuses breaks the console for operators too: Chromium reports
// each refusal in the page's console, and any such report fails the test
// during which it came. Contexts a spec opens itself (browser.newContext in
// beforeAll) are watched as well as the built-in one.

/** Refusals reported since the last test took them. */
const violations: string[] = [];

function watchForViolations(context: BrowserContext): void {
  context.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text()))
      violations.push(`${message.location().url || "page"}: ${message.text()}`);
  });
}

/** Takes the refusals reported so far, for a test that provokes one on purpose. */
export const takeViolations = () => violations.splice(0);

export const test = base.extend<{ cspViolations: void }, { cspWatch: void }>({
  browser: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const context = await newContext(options);
        watchForViolations(context);
        return context;
      };
      await use(browser);
    },
    { scope: "worker" },
  ],
  // Reports what came during a test, or before it in a beforeAll.
  cspViolations: [
    async ({}, use) => {
      await use();
      expect(takeViolations(), "Content-Security-Policy violations in the page console").toEqual([]);
    },
    { auto: true },
  ],
  // And what came after the last test, in an afterAll.
  cspWatch: [
    async ({}, use) => {
      await use();
      expect(takeViolations(), "Content-Security-Policy violations in the page console").toEqual([]);
    },
    { scope: "worker", auto: true },
  ],
});

export { expect };

export const OWNER = {
  email: process.env.TESSERA_OWNER_EMAIL ?? "owner@tessera.test",
  password: process.env.TESSERA_OWNER_PASSWORD ?? "correct horse battery staple 42",
};

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/apps$/);
}

const SHOTS = path.resolve("test-results/screenshots");

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

export async function createApp(page: Page, name: string): Promise<number> {
  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  const dialog = page.getByRole("dialog", { name: "Create application" });
  await dialog.getByLabel("Application name").fill(name);
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/apps\/\d+$/);
  return Number(page.url().match(/\/apps\/(\d+)$/)![1]);
}

/** The keys page's words revealKey looks for, in each language the console speaks. */
export const REVEAL_WORDS = {
  en: {
    key: (version: number) => `Key v${version}`,
    field: (version: number) => `Secret key v${version}`,
    show: "Show key",
    confirm: "Confirm it's you",
    password: "Your password",
  },
  "zh-CN": {
    key: (version: number) => `密钥 v${version}`,
    field: (version: number) => `密钥 v${version}`,
    show: "查看密钥",
    confirm: "验证身份",
    password: "您的密码",
  },
};

/** Reveals a key on the keys page, re-entering the password if the sign-in is older than 5 minutes. */
export async function revealKey(
  page: Page,
  version: number,
  password = OWNER.password,
  words: (typeof REVEAL_WORDS)[keyof typeof REVEAL_WORDS] = REVEAL_WORDS.en,
): Promise<string> {
  const item = page.getByRole("listitem").filter({ hasText: words.key(version) });
  await item.getByRole("button", { name: words.show }).click();
  const field = page.getByLabel(words.field(version), { exact: true });
  const confirm = page.getByRole("dialog", { name: words.confirm });
  await expect(async () => {
    const shown = /^[0-9a-f]{64}$/.test(await field.inputValue());
    expect(shown || (await confirm.isVisible())).toBe(true);
  }).toPass();
  if (await confirm.isVisible()) {
    await confirm.getByLabel(words.password).fill(password);
    await confirm.getByRole("button", { name: words.show }).click();
  }
  await expect(field).toHaveValue(/^[0-9a-f]{64}$/);
  return field.inputValue();
}

/** Replays a captured server-action request with the current page's cookies. */
export async function callAction(page: Page, action: { url: string; id: string }, args: unknown[]) {
  const response = await page.request.post(action.url, {
    headers: { "Next-Action": action.id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
    data: JSON.stringify(args),
  });
  return { status: response.status(), body: await response.text() };
}

/** Runs axe on what `page` shows now: serious and critical findings fail (softly), the rest is printed. */
export async function checkAxe(page: Page, name: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const lines = (impacts: string[]) =>
    violations
      .filter((violation) => impacts.includes(violation.impact ?? ""))
      .flatMap((violation) => [
        `${violation.id} (${violation.impact}): ${violation.help}`,
        ...violation.nodes.map((node) => `    ${node.target.join(" ")}`),
      ]);
  const minor = lines(["moderate", "minor"]);
  if (minor.length > 0) console.log(`axe, ${name}, moderate or minor:\n  ${minor.join("\n  ")}`);
  expect.soft(lines(["serious", "critical"]), `axe, ${name}: serious or critical violations`).toEqual([]);
}

/** Adds an operator from the owner's Operators page (`page` is signed in as the owner and on that page). */
export async function addOperator(
  page: Page,
  who: { email: string; password: string },
  role: string,
  submit: (click: () => Promise<void>) => Promise<void> = (click) => click(),
): Promise<void> {
  await page.getByRole("button", { name: "Add operator" }).click();
  const dialog = page.getByRole("dialog", { name: "Add operator" });
  await dialog.getByLabel("Email").fill(who.email);
  await dialog.getByLabel("Initial password").fill(who.password);
  await dialog.getByLabel("Role").selectOption(role);
  await submit(() => dialog.getByRole("button", { name: "Add operator" }).click());
  await expect(page.getByRole("table", { name: "Operators" })).toContainText(who.email);
}
