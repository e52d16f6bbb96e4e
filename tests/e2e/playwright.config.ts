// Browser tests against the production build started by tests/run-all.ts
// (TESSERA_TEST_BASE_URL): `npm run test:e2e` builds, starts and runs them.
// Against a server already running:
//   npx playwright test -c tests/e2e/playwright.config.ts
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "../support/chromium";

export const OWNER_STATE = path.resolve("test-results/.auth/owner.json");

export default defineConfig({
  testDir: ".",
  outputDir: path.resolve("test-results/e2e-artifacts"),
  // A committed test.only would quietly run one test and call the suite green.
  forbidOnly: true,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: process.env.TESSERA_TEST_BASE_URL ?? "http://127.0.0.1:3000",
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
    // The server's Content-Security-Policy is enforced as in production; a
    // violation fails the test (tests/e2e/support.ts).
    bypassCSP: false,
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    {
      name: "console",
      testMatch: /\.spec\.ts$/,
      testIgnore: /zh-cn\.spec\.ts$/,
      dependencies: ["setup"],
      use: { storageState: OWNER_STATE },
    },
    // The main flows once more in Simplified Chinese: the browser asks for
    // it (Accept-Language), as an operator's would. Reduced motion, so axe
    // reads a button's colour as it is rather than half-way through a fade.
    {
      name: "console-zh-CN",
      testMatch: /zh-cn\.spec\.ts$/,
      dependencies: ["setup"],
      use: { storageState: OWNER_STATE, locale: "zh-CN", contextOptions: { reducedMotion: "reduce" } },
    },
  ],
});
