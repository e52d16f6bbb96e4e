// No other page can frame the console (issue 19, 2): a page elsewhere, a
// sibling subdomain included, could otherwise lay the signed-in console under
// its own and steer a click on "Show key".
import { expect, takeViolations, test } from "./support";

test("a page of another origin that frames the console gets nothing", async ({ page, baseURL }) => {
  const refused = page.waitForEvent("console", {
    predicate: (message) => /frame-ancestors/.test(message.text()),
    timeout: 15_000,
  });
  await page.setContent(`<iframe title="console" src="${baseURL}/apps"></iframe>`);
  await refused;
  await expect(page.frameLocator("iframe").getByRole("navigation")).toHaveCount(0);
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  expect(frame?.url()).not.toContain("/apps");
  // The refusal this test provokes; any other would still fail it.
  expect(takeViolations()).toEqual([expect.stringMatching(/Framing .* violates .*frame-ancestors 'none'/)]);
});
