"use server";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { setOperatorLocale } from "@/lib/data/operators";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_SECONDS } from "@/lib/i18n/locales";
import { setLocaleSchema } from "@/lib/validations/locale";

export const setOwnLocaleAction = operatorAction(
  "operator.set-locale",
  "console.read",
  setLocaleSchema,
  async ({ locale }, operator) => {
    await setOperatorLocale(operator.actor, operator.id, locale);
    // The sign-in page, after signing out, speaks the same language.
    const jar = await cookies();
    if (locale) jar.set(LOCALE_COOKIE, locale, { path: "/", sameSite: "lax", maxAge: LOCALE_COOKIE_MAX_AGE_SECONDS });
    else jar.delete(LOCALE_COOKIE);
    revalidatePath("/", "layout");
  },
);
