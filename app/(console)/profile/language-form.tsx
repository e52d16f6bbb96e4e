"use client";
import { useTranslations } from "next-intl";
import { setOwnLocaleAction } from "@/lib/actions/operators/set-own-locale";
import { isLocale, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";

/** The operator's saved console language; "" follows the browser (lib/i18n/request.ts). */
export function LanguageForm({ saved }: { saved: Locale | null }) {
  const t = useTranslations("language");
  // No toast: the page itself answers, in the language just chosen.
  const save = useAction(setOwnLocaleAction);
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        const value = new FormData(event.currentTarget).get("locale");
        void save.run({ locale: isLocale(value) ? value : null });
      }}
    >
      <Select className="min-w-56" label={t("preference")} name="locale" defaultValue={saved ?? ""}>
        <option value="">{t("followBrowser")}</option>
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </Select>
      <Button type="submit" variant="secondary" pending={save.pending}>
        {t("save")}
      </Button>
    </form>
  );
}
