import "server-only";
import { authenticateOperator } from "@/lib/data/operators";
import { AppError, GENERIC_ERROR_MESSAGE } from "@/lib/errors";
import { clientIp } from "@/lib/client-ip";

export type SignedInUser = { id: string; email: string; name: string; sessionVersion: number };

/**
 * The console sign-in's credentials check (next-auth's `authorize`): the
 * operator, or null for a wrong email or password. Whatever it throws reaches
 * anonymous visitors through next-auth's `?error=`, so only expected errors
 * (throttling, oversize input) keep their message, and they say nothing
 * about whether the email exists. Anything else, such as "Can't reach
 * database server at db.internal:5432", is logged for the operator and shown
 * as the generic message.
 */
export async function checkCredentials(
  credentials: Record<string, unknown> | undefined,
  headers: Record<string, string | undefined>,
): Promise<SignedInUser | null> {
  try {
    const operator = await authenticateOperator({
      email: String(credentials?.email ?? ""),
      password: String(credentials?.password ?? ""),
      ip: clientIp(headers["x-forwarded-for"]),
    });
    return operator
      ? { id: operator.id, email: operator.email, name: operator.name, sessionVersion: operator.sessionVersion }
      : null;
  } catch (error) {
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
