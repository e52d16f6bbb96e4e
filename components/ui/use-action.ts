"use client";
import { useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/actions/result";
import { useToast } from "@/components/ui/toast";

/**
 * Runs a server action with pending state, inline field errors and toasts.
 * Resolves to { data } on success and null on failure.
 */
export function useAction<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  options: { success?: string | ((data: T) => string) } = {},
) {
  const [pending, startTransition] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const toast = useToast();
  const t = useTranslations("common");
  const run = (input: I) =>
    new Promise<{ data: T } | null>((resolve) => {
      startTransition(async () => {
        let result: ActionResult<T>;
        try {
          result = await action(input);
        } catch {
          result = { ok: false, error: t("unreachable") };
        }
        if (result.ok) {
          setFieldErrors({});
          const message = typeof options.success === "function" ? options.success(result.data) : options.success;
          if (message) toast.success(message);
          resolve({ data: result.data });
        } else {
          setFieldErrors(result.fieldErrors ?? {});
          toast.error(result.error);
          resolve(null);
        }
      });
    });
  return { run, pending, fieldErrors, setFieldErrors };
}
