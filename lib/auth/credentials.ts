import "server-only";
import { authenticateOperator, type PasswordSignIn } from "@/lib/data/operators";
import { signInWithPasskey } from "@/lib/data/passkey-sign-in";
import type { SignInMethod } from "@/lib/data/sign-in-steps";
import { parseAuthenticationJson } from "@/lib/validations/passkeys";
import { AppError, GENERIC_ERROR_MESSAGE, RateLimitError } from "@/lib/errors";
import { noteRetryAfter } from "@/lib/auth/retry-after";
import { clientIp } from "@/lib/client-ip";

/**
 * The console sign-in's password check (next-auth's `authorize`): the
 * operator, whose `next` says whether a session may start or which step is
 * still owed, or null for a wrong email or password.
 */
export function checkCredentials(
  credentials: Record<string, unknown> | undefined,
  headers: Record<string, string | undefined>,
) {
  return publicly(() =>
    authenticateOperator({
      email: String(credentials?.email ?? ""),
      password: String(credentials?.password ?? ""),
      ip: clientIp(headers["x-forwarded-for"]),
    }),
  );
}

/** The first step's outcome: who, and what is still owed. */
export type FirstStep = PasswordSignIn & { method?: SignInMethod };

/** "Sign in with a passkey" (next-auth's `authorize`): the operator, or null for an assertion that does not verify. */
export async function checkPasskey(
  credentials: Record<string, unknown> | undefined,
  headers: Record<string, string | undefined>,
): Promise<FirstStep | null> {
  const response = parseAuthenticationJson(String(credentials?.response ?? ""));
  if (!response) return null;
  return publicly(() => signInWithPasskey(response, clientIp(headers["x-forwarded-for"])));
}

/**
 * Runs a sign-in step. Whatever it throws reaches anonymous visitors through
 * next-auth's `?error=`, so only expected errors (throttling, oversize
 * input) keep their message, and they say nothing about whether the email
 * exists. Anything else, such as "Can't reach database server at
 * db.internal:5432", is logged for the operator and shown as the generic
 * message.
 */
export async function publicly<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof RateLimitError) noteRetryAfter(error.retryAfterSeconds);
    if (error instanceof AppError) throw new Error(error.message);
    // The password never reaches a query, so no database message can echo it.
    console.error(`Console sign-in failed: ${describe(error)}`);
    throw new Error(GENERIC_ERROR_MESSAGE);
  }
}

/** An error's name, code and message for the operator's log (never shown to visitors). */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === "string" ? ` ${code}` : ""}: ${error.message}`;
}
