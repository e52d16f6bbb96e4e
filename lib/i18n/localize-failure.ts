import "server-only";
import { getTranslations } from "next-intl/server";
import type { ActionResult } from "@/lib/actions/result";
import { localizeError } from "@/lib/i18n/error-messages";

type Failure = Extract<ActionResult<unknown>, { ok: false }>;

/** A server action's refusal in the operator's language: the message and every field's (lib/i18n/error-messages.ts). */
export async function localizeFailure(failure: Failure): Promise<Failure> {
  const t = await getTranslations("errors");
  const localize = (message: string) => localizeError(message, (key, values) => t(key, values));
  return {
    ok: false,
    error: localize(failure.error),
    ...(failure.fieldErrors && {
      fieldErrors: Object.fromEntries(
        Object.entries(failure.fieldErrors).map(([field, message]) => [field, localize(message)]),
      ),
    }),
  };
}
