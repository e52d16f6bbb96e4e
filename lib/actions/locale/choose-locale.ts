"use server";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_SECONDS } from "@/lib/i18n/locales";
import { chooseLocaleSchema } from "@/lib/validations/locale";

/**
 * The sign-in page's language switch. Like every action it is a public POST
 * endpoint; it needs no identity because all it changes is the caller's own
 * language cookie, and only to one of the console's languages.
 */
export async function chooseLocaleAction(input: unknown): Promise<void> {
  const parsed = chooseLocaleSchema.safeParse(input);
  if (!parsed.success) return;
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, {
    path: "/",
    sameSite: "lax",
    maxAge: LOCALE_COOKIE_MAX_AGE_SECONDS,
  });
  revalidatePath("/", "layout");
}
