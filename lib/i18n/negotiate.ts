import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n/locales";

/** The language a browser's Accept-Language asks for first among ours: any Chinese gets Simplified Chinese. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | undefined {
  const ranges = (header ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.tag && range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    if (tag === "zh" || tag.startsWith("zh-")) return "zh-CN";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return undefined;
}

/** The order: the operator's saved choice, then the cookie, then Accept-Language, then English. */
export function chooseLocale(choices: {
  saved?: string | null;
  cookie?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (isLocale(choices.saved)) return choices.saved;
  if (isLocale(choices.cookie)) return choices.cookie;
  return localeFromAcceptLanguage(choices.acceptLanguage) ?? DEFAULT_LOCALE;
}
