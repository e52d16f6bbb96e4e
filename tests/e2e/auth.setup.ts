import { mkdirSync } from "node:fs";
import path from "node:path";
import { test as setup } from "@playwright/test";
import { OWNER_STATE } from "./playwright.config";
import { OWNER, signIn } from "./support";

setup("sign in as the owner once", async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  mkdirSync(path.dirname(OWNER_STATE), { recursive: true });
  await page.context().storageState({ path: OWNER_STATE });
});
