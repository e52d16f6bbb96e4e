"use client";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_SECONDS, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";

/** The sign-in page's language choice: it sets the language cookie (lib/i18n/request.ts reads it) and re-renders. */
export function LanguageSwitch() {
  const t = useTranslations("language");
  const current = useLocale();
  const router = useRouter();
  const choose = (locale: Locale) => {
    document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE_SECONDS}; samesite=lax`;
    router.refresh();
  };
  return (
    <nav aria-label={t("label")} className="flex justify-center gap-3 text-sm">
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-current={locale === current ? "true" : undefined}
          onClick={() => choose(locale)}
          className={
            locale === current
              ? "font-medium text-slate-900"
              : "text-indigo-700 hover:underline focus-visible:underline"
          }
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </nav>
  );
}
