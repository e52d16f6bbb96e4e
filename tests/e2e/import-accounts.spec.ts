// The CSV import at migration size (issue 11), in a real browser: a file
// over the 1,000,000-row cap is refused before anything is sent, and a
// 25,000-row file goes up in chunks under the server-action limit, with the
// progress bar moving, a bad row and a repeat reported, and nothing doubled
// when the same file is imported again.
import type { Page } from "@playwright/test";
import { expect, test, createApp } from "./support";

test.describe.configure({ mode: "serial" });

const ROWS = 25_000;
let sdkAppId = 0;

/** The server actions the page posts from now on: each body's size and the rows it carries. */
function actionPosts(page: Page): { bytes: number; rows: number }[] {
  const posts: { bytes: number; rows: number }[] = [];
  page.on("request", (request) => {
    if (request.method() !== "POST" || !request.headers()["next-action"]) return;
    const body = request.postData() ?? "";
    posts.push({ bytes: Buffer.byteLength(body), rows: (body.match(/"userId":/g) ?? []).length });
  });
  return posts;
}

async function openImport(page: Page) {
  await page.goto(`/apps/${sdkAppId}/accounts`);
  await page.getByRole("button", { name: "Import CSV" }).click();
  return page.getByRole("dialog", { name: "Import accounts from CSV" });
}

test("a file over 1,000,000 rows is refused whole, before any row is sent", async ({ page }) => {
  sdkAppId = await createApp(page, `Import ${Date.now().toString(36)}`);
  const dialog = await openImport(page);
  await expect(dialog).toContainText("Up to 1,000,000 rows");
  const posts = actionPosts(page);
  await dialog.getByLabel("CSV file").setInputFiles({
    name: "too-many.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`userId\n${"a\n".repeat(1_000_001)}`),
  });
  await expect(dialog.getByText("The file has 1,000,001 rows; import at most 1,000,000 at a time.")).toBeVisible();
  await expect(dialog.getByRole("progressbar")).toHaveCount(0);
  expect(posts).toEqual([]);
});

test("25,000 rows go up in chunks with progress; a bad row and a repeat are reported; again, nothing doubles", async ({
  page,
}) => {
  const lines = ["userId,externalId,nickname,faceUrl"];
  for (let i = 0; i < ROWS; i++) lines.push(`mig_${i},${500_000 + i},Player ${i},`);
  lines[17_001] = "mig_42,dup,,"; // row 17,002 repeats row 44, in a later chunk
  lines[9_001] = "not valid,,,"; // row 9,002
  const buffer = Buffer.from(lines.join("\n"));

  const dialog = await openImport(page);
  // Every value the progress bar takes, seen from the page itself.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      const value = document.querySelector("progress")?.getAttribute("aria-valuenow");
      if (value !== null && value !== undefined && seen.at(-1) !== value) seen.push(value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const posts = actionPosts(page);
  await dialog.getByLabel("CSV file").setInputFiles({ name: "users.csv", mimeType: "text/csv", buffer });
  await expect(dialog.getByText("Import finished")).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByRole("status")).toHaveText("24,998 imported, 2 rejected.");
  const bar = dialog.getByRole("progressbar", { name: "Import progress" });
  await expect(bar).toHaveAttribute("aria-valuenow", String(ROWS));
  await expect(bar).toHaveAttribute("aria-valuemax", String(ROWS));
  await expect(dialog).toContainText("25,000 / 25,000 rows");
  const rejected = dialog.getByRole("table", { name: "Rejected rows" });
  await expect(rejected.getByRole("row")).toHaveCount(3);
  await expect(rejected.getByRole("row").nth(1)).toContainText("9002");
  await expect(rejected.getByRole("row").nth(1)).toContainText("contains a space");
  await expect(rejected.getByRole("row").nth(2)).toContainText("Duplicate of row 44");

  // 5,000 rows of the file a chunk, less those the page refused itself: five posts, each well under the 1 MB server-action limit.
  expect(posts.map((post) => post.rows)).toEqual([5_000, 4_999, 5_000, 4_999, 5_000]);
  for (const post of posts) expect(post.bytes).toBeLessThan(1024 * 1024);
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen.map(Number));
  expect(seen[0]).toBe(0);
  expect(seen.at(-1)).toBe(ROWS);
  expect(seen.length).toBeGreaterThanOrEqual(4);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));

  await dialog.getByRole("button", { name: "Close" }).click();
  // The app's own "administrator" account and the imported ones.
  await expect(page.getByRole("heading", { name: "Accounts (24,999)" })).toBeVisible();

  const again = await openImport(page);
  await again.getByLabel("CSV file").setInputFiles({ name: "users.csv", mimeType: "text/csv", buffer });
  await expect(again.getByRole("status")).toHaveText("0 imported, 25,000 rejected.", { timeout: 60_000 });
  await expect(again.getByRole("table", { name: "Rejected rows" }).getByRole("row")).toHaveCount(1_001);
  await expect(again).toContainText("Showing the first 1,000 of 25,000 problems.");
  await again.getByRole("button", { name: "Close" }).click();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Accounts (24,999)" })).toBeVisible();
});
