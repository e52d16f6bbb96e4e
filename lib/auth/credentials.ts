import "server-only";
import { authenticateOperator } from "@/lib/data/operators";
import { createPendingSignIn } from "@/lib/data/pending-sign-ins";
import { finishPendingSignIn, SIGN_IN_STEP_ERRORS } from "@/lib/auth/sign-in-flow";
import { setPendingCookie } from "@/lib/auth/pending-cookie";
import { AppError, GENERIC_ERROR_MESSAGE } from "@/lib/errors";
import { clientIp } from "@/lib/client-ip";

export type SignedInUser = { id: string; email: string; name: string; sessionVersion: number };

/** The password was right but a step is owed (a second factor, enrolment, a new password): its page's error. */
class StepOwed extends Error {}

/**
 * The console sign-in's credentials check (next-auth's `authorize`): the
 * operator, or null for a wrong email or password. An operator who still owes
 * a step gets no session, only a pending sign-in the browser keeps in an
 * HttpOnly cookie; the error tells the sign-in form which page finishes it.
 */
export function checkCredentials(
  credentials: Record<string, unknown> | undefined,
  headers: Record<string, string | undefined>,
): Promise<SignedInUser | null> {
  return publicly(async () => {
    const operator = await authenticateOperator({
      email: String(credentials?.email ?? ""),
      password: String(credentials?.password ?? ""),
      ip: clientIp(headers["x-forwarded-for"]),
    });
    if (!operator) return null;
    if (operator.next === "session")
      return { id: operator.id, email: operator.email, name: operator.name, sessionVersion: operator.sessionVersion };
    await setPendingCookie(await createPendingSignIn(operator, operator.next));
    throw new StepOwed(SIGN_IN_STEP_ERRORS[operator.next]);
  });
}

/** Finishes a pending sign-in (the password step's cookie) with a second factor's code, or as it is once every owed step is done. */
export function checkPendingSignIn(
  credentials: Record<string, unknown> | undefined,
  headers: Record<string, string | undefined>,
): Promise<SignedInUser | null> {
  return publicly(() => finishPendingSignIn(String(credentials?.code ?? ""), clientIp(headers["x-forwarded-for"])));
}

/**
 * Whatever a sign-in step throws reaches anonymous visitors through
 * next-auth's `?error=`, so only expected errors (throttling, oversize input,
 * the step owed) keep their message, and they say nothing about whether the
 * email exists. Anything else, such as "Can't reach database server at
 * db.internal:5432", is logged for the operator and shown as the generic
 * message.
 */
async function publicly<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof StepOwed) throw error;
    if (error instanceof AppError) throw new Error(error.message);
    // The password never reaches a query, so no database message can echo it.
    console.error(`Console sign-in failed: ${describe(error)}`);
    throw new Error(GENERIC_ERROR_MESSAGE);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === "string" ? ` ${code}` : ""}: ${error.message}`;
}
