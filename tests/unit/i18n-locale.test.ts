// Which language a request gets (lib/i18n/negotiate.ts), and how the console
// words the server's English messages (lib/i18n/error-messages.ts).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { createTranslator } from "use-intl/core";
import { chooseLocale, localeFromAcceptLanguage } from "@/lib/i18n/negotiate";
import { localizeError, matchError, type ErrorKey } from "@/lib/i18n/error-messages";

describe("choosing the language", () => {
  test("the operator's saved choice wins, then the cookie, then Accept-Language, then English", () => {
    const browser = "zh-CN,zh;q=0.9,en;q=0.8";
    assert.equal(chooseLocale({ saved: "en", cookie: "zh-CN", acceptLanguage: browser }), "en");
    assert.equal(chooseLocale({ saved: null, cookie: "zh-CN", acceptLanguage: "en-US" }), "zh-CN");
    assert.equal(chooseLocale({ saved: null, cookie: null, acceptLanguage: browser }), "zh-CN");
    assert.equal(chooseLocale({}), "en");
  });

  test("a saved choice or cookie that is not one of ours is ignored", () => {
    assert.equal(chooseLocale({ saved: "fr", cookie: "de", acceptLanguage: "zh-TW" }), "zh-CN");
    assert.equal(chooseLocale({ cookie: "zh-cn" }), "en");
  });

  test("Accept-Language: the highest-weighted range we speak; any Chinese gets Simplified Chinese", () => {
    assert.equal(localeFromAcceptLanguage("fr-FR, zh-Hans;q=0.8, en;q=0.5"), "zh-CN");
    assert.equal(localeFromAcceptLanguage("zh;q=0.4, en-GB;q=0.6"), "en");
    assert.equal(localeFromAcceptLanguage("zh-HK"), "zh-CN");
    assert.equal(localeFromAcceptLanguage("en;q=0, zh;q=0.1"), "zh-CN");
    assert.equal(localeFromAcceptLanguage("fr, de"), undefined);
    assert.equal(localeFromAcceptLanguage(""), undefined);
    assert.equal(localeFromAcceptLanguage(null), undefined);
  });
});

describe("server messages in the console's language", () => {
  const catalog = (locale: "en" | "zh-CN") =>
    JSON.parse(readFileSync(`lib/i18n/messages/${locale}.json`, "utf8")) as { errors: Record<ErrorKey, string> };
  /** The console's own translator (next-intl) over a catalog's errors. */
  const translator = (locale: "en" | "zh-CN") => {
    const t = createTranslator({ locale, messages: catalog(locale), namespace: "errors" });
    return (key: ErrorKey, values: Record<string, string>) => t(key, values);
  };
  const zh = "zh-CN" as const;
  const en = "en" as const;

  test("a known message is translated with its variable parts", () => {
    assert.equal(
      localizeError("SDKAppID 1400000001 is already in use here.", translator(zh)),
      "SDKAppID 1400000001 已被使用。",
    );
    assert.equal(
      localizeError("Too many failed sign-in attempts. Try again in 15 minute(s).", translator(zh)),
      "登录失败次数过多，请 15 分钟后再试。",
    );
    assert.equal(localizeError('Account "alice" already exists.', translator(zh)), "账号“alice”已存在。");
  });

  test("in English a known message reads as the server wrote it", () => {
    for (const message of [
      "Enter a name.",
      "Use at most 64 characters.",
      "Application 1400000001 does not exist.",
      'Account "alice" does not exist in application 1400000001.',
      "Your role in application 1400000001 (viewer) does not allow this.",
    ])
      assert.equal(localizeError(message, translator(en)), message);
  });

  test("an unknown message is shown as it is", () => {
    assert.equal(matchError("Something new went wrong."), undefined);
    assert.equal(localizeError("Something new went wrong.", translator(zh)), "Something new went wrong.");
  });
});
