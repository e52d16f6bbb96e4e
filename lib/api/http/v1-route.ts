import "server-only";
import { AppError, GENERIC_ERROR_MESSAGE, RateLimitError } from "@/lib/errors";
import { type SessionDto } from "@/lib/data/sessions";
import { authenticateSession } from "@/lib/api/auth/session";
import { apiError, json, rateLimited, statusForCode } from "@/lib/api/http/responses";

// The /api/v1 route wrappers: `v1Route` turns thrown errors into the family's
// error shape, `withSession` also requires a live session (lib/api/auth/session.ts).

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Expected errors answer with their code and message; anything else with a generic 500. */
export function v1Route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof RateLimitError) return rateLimited(error.retryAfterSeconds);
      if (error instanceof AppError) return apiError(error.code, error.message);
      console.error("api/v1 request failed", error);
      return json({ error: { code: 500, message: GENERIC_ERROR_MESSAGE } }, { status: 500 });
    }
  };
}

/** Requires `Authorization: Bearer <session token>` naming a live session. */
export function withSession<C>(
  handler: (request: Request, session: SessionDto, token: string, context: C) => Promise<Response>,
): Handler<C> {
  return v1Route(async (request, context) => {
    const auth = await authenticateSession(request.headers.get("authorization"));
    if (!auth.ok) {
      const { code, message, fix } = auth;
      // An unknown token is answered 401, like an expired one, although its code (70402) is otherwise a 400.
      const status = auth.problem === "unknown" ? 401 : statusForCode(code);
      return json({ error: { code, message, fix } }, { status });
    }
    return handler(request, auth.session, auth.token, context);
  });
}
