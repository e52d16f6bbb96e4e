import { mkdirSync } from "node:fs";
import path from "node:path";
import { OWNER_STATE } from "./playwright.config";
import { test as setup, OWNER, signIn } from "./support";

setup("sign in as the owner once", async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  mkdirSync(path.dirname(OWNER_STATE), { recursive: true });
  await page.context().storageState({ path: OWNER_STATE });
});
