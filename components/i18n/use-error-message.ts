"use client";
import { useTranslations } from "next-intl";
import { localizeError } from "@/lib/i18n/error-messages";

/** For messages that reach the browser in English without a server action (next-auth's sign-in errors, the CSV reader's). */
export function useErrorMessage(): (message: string) => string {
  const t = useTranslations("errors");
  return (message) => localizeError(message, (key, values) => t(key, values));
}
