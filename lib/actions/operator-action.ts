import "server-only";
import type { z } from "zod";
import { type AuthorisedOperator, getSession, requireOperator } from "@/lib/auth/session";
import type { Permission } from "@/lib/auth/permissions";
import { auditDenied } from "@/lib/data/audit-log";
import { AppError, ForbiddenError, GENERIC_ERROR_MESSAGE, ValidationError } from "@/lib/errors";
import type { ActionResult } from "@/lib/actions/result";
import type { AuditAction } from "@/lib/audit-actions";
import { sdkAppIdSchema } from "@/lib/validations/common";
import { localizeFailure } from "@/lib/i18n/localize-failure";

/** The application an action's input names, if any: permissions are checked in it. */
function targetApp(raw: unknown): number | undefined {
  const parsed = sdkAppIdSchema.safeParse((raw as { sdkAppId?: unknown } | null)?.sdkAppId);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The one server-action wrapper: every action is a public POST endpoint, so
 * it checks the session and the permission (in the application the input
 * names), validates its input with zod, then runs. Changes audit themselves
 * inside their own transaction (lib/data); refusals are audited here.
 * Expected errors return their message, anything else a generic one, in
 * the operator's language.
 */
export function operatorAction<S extends z.ZodType, T>(
  /** The audited action a refusal is recorded as. */
  name: AuditAction,
  permission: Permission,
  schema: S,
  handler: (input: z.infer<S>, operator: AuthorisedOperator) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  const run = async (raw: z.input<S>): Promise<ActionResult<T>> => {
    const sdkAppId = targetApp(raw);
    try {
      const operator = await requireOperator(permission, sdkAppId);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".") || "form"] ??= issue.message;
        return { ok: false, error: Object.values(fieldErrors)[0] ?? "Check the highlighted fields.", fieldErrors };
      }
      return { ok: true, data: await handler(parsed.data, operator) };
    } catch (error) {
      const signedIn = error instanceof ForbiddenError ? await getSession() : null;
      if (signedIn) await auditDenied(signedIn.actor, name, permission, sdkAppId);
      if (error instanceof ValidationError) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
      if (error instanceof AppError) return { ok: false, error: error.message };
      console.error(`${name} failed`, error instanceof Error ? error.name : "unknown error");
      return { ok: false, error: GENERIC_ERROR_MESSAGE };
    }
  };
  return async (raw) => {
    const result = await run(raw);
    return result.ok ? result : localizeFailure(result);
  };
}
