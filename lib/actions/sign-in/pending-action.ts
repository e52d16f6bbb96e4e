import "server-only";
import type { z } from "zod";
import { headers } from "next/headers";
import { readPendingCookie } from "@/lib/auth/pending-cookie";
import { EXPIRED } from "@/lib/auth/sign-in-flow";
import { clientIp } from "@/lib/client-ip";
import type { Actor } from "@/lib/data/audit";
import { findPendingSignIn, type PendingSignIn, type PendingStep } from "@/lib/data/pending-sign-ins";
import type { ActionResult } from "@/lib/actions/result";
import { AppError, GENERIC_ERROR_MESSAGE, ValidationError } from "@/lib/errors";
import { localizeFailure } from "@/lib/i18n/localize-failure";

export type PendingCaller = PendingSignIn & { token: string; actor: Actor };

/**
 * The wrapper for the steps between the password and the session (a new
 * password, enrolling a second factor): like operatorAction, but the caller
 * is the pending sign-in its cookie names, and only the step it owes runs.
 * No console permission is granted here; these actions touch only the
 * operator's own sign-in.
 */
export function pendingSignInAction<S extends z.ZodType, T>(
  purpose: PendingStep,
  schema: S,
  handler: (input: z.infer<S>, caller: PendingCaller) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  const run = async (raw: z.input<S>): Promise<ActionResult<T>> => {
    try {
      const token = await readPendingCookie();
      const pending = await findPendingSignIn(token);
      if (!token || !pending || pending.purpose !== purpose) return { ok: false, error: EXPIRED };
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".") || "form"] ??= issue.message;
        return { ok: false, error: Object.values(fieldErrors)[0] ?? "Check the highlighted fields.", fieldErrors };
      }
      const ip = clientIp((await headers()).get("x-forwarded-for"));
      const actor: Actor = { type: "operator", id: pending.email, ip };
      return { ok: true, data: await handler(parsed.data, { ...pending, token, actor }) };
    } catch (error) {
      if (error instanceof ValidationError) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
      if (error instanceof AppError) return { ok: false, error: error.message };
      console.error(`sign-in step ${purpose} failed`, error instanceof Error ? error.name : "unknown error");
      return { ok: false, error: GENERIC_ERROR_MESSAGE };
    }
  };
  return async (raw) => {
    const result = await run(raw);
    return result.ok ? result : localizeFailure(result);
  };
}
