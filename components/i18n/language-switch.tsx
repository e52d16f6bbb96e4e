"use client";
import { useTransition } from "react";
import { useLocale, useTranslations } from "next-intl";
import { chooseLocaleAction } from "@/lib/actions/locale/choose-locale";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";

/** The sign-in page's language choice: it sets the language cookie (lib/i18n/request.ts reads it) and re-renders. */
export function LanguageSwitch() {
  const t = useTranslations("language");
  const current = useLocale();
  const [pending, startTransition] = useTransition();
  return (
    <nav aria-label={t("label")} className="flex justify-center gap-4 text-sm">
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          disabled={pending}
          aria-current={locale === current ? "true" : undefined}
          onClick={() => startTransition(() => chooseLocaleAction({ locale }))}
          className={
            locale === current
              ? "font-medium text-slate-900"
              : "text-indigo-700 hover:underline focus-visible:underline disabled:text-slate-400"
          }
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </nav>
  );
}
