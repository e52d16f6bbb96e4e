// The rule in tests/lint/user-visible-text.mjs, proven on snippets: words
// written into a component are reported; text from t(), names that stay
// as they are, and attributes nobody reads are not.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { ESLint } from "eslint";

const eslint = new ESLint({ overrideConfigFile: path.resolve("tests/lint/eslint.config.mjs") });
const RULE = "i18n/no-literal-text";

async function reported(filePath: string, jsx: string): Promise<number> {
  const code = `export function X({ t, on }: { t: (key: string) => string; on: boolean }) {\n  return (${jsx});\n}\n`;
  const [result] = await eslint.lintText(code, { filePath: path.resolve(filePath) });
  return result!.messages.filter((message) => message.ruleId === RULE).length;
}

describe("user-visible text comes from the catalogs", () => {
  test("JSX text, string children and shown attributes are reported, in pages and components", async () => {
    for (const jsx of [
      "<p>Save changes</p>",
      "<p>保存</p>",
      '<p>{"Save"}</p>',
      '<p>{on ? "On" : t("off")}</p>',
      '<p>{on && "Saved"}</p>',
      "<p>{`Saved ${1}`}</p>",
      '<input placeholder="Search" />',
      '<img alt="Logo" />',
      '<button aria-label="Close" />',
      '<p title={"More"} />',
      '<Field label="Name" hint={t("hint")} />',
    ]) {
      assert.equal(await reported("components/x/example.tsx", jsx), 1, jsx);
      assert.equal(await reported("app/(console)/x/page.tsx", jsx), 1, jsx);
    }
  });

  test("translated text, untranslated names, symbols and other attributes pass", async () => {
    for (const jsx of [
      '<p>{t("save")}</p>',
      '<p title={t("more")}>{on ? t("on") : t("off")}</p>',
      "<p>SDKAppID</p>",
      "<dt>TLS.ver</dt>",
      "<p>— · ( ) 100%</p>",
      '<input type="password" className="font-mono" autoComplete="off" name="code" />',
      '<img alt="" src="/icon.svg" />',
    ])
      assert.equal(await reported("components/x/example.tsx", jsx), 0, jsx);
  });

  test("files outside app/ and components/ are not held to it", async () => {
    assert.equal(await reported("tests/e2e/example.tsx", "<p>Save changes</p>"), 0);
  });
});
