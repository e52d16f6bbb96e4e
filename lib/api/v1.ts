import "server-only";
import { AppError, GENERIC_ERROR_MESSAGE, RateLimitError } from "@/lib/errors";
import { type SessionDto, findSession } from "@/lib/data/sessions";

// The /api/v1 family: JSON bodies, errors as {"error":{"code","message","fix"}}
// with the SPEC 4 code and a matching HTTP status. Never cached.

export const NO_STORE = { "Cache-Control": "no-store" } as const;

const STATUS: Record<number, number> = {
  70001: 401,
  70009: 401,
  70016: 401,
  70052: 401,
  70020: 404,
  70107: 404,
  70050: 429,
  70051: 403,
  70403: 403,
};

export function statusForCode(code: number): number {
  return STATUS[code] ?? 400;
}

export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json(body, { status: init.status ?? 200, headers: { ...NO_STORE, ...init.headers } });
}

export function apiError(code: number, message: string, fix?: string, headers?: Record<string, string>): Response {
  return json({ error: { code, message, ...(fix && { fix }) } }, { status: statusForCode(code), headers });
}

export function rateLimited(retryAfter: number): Response {
  return apiError(70050, "Too many failed attempts.", `Retry after ${retryAfter} seconds.`, {
    "Retry-After": String(retryAfter),
  });
}

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
    const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(request.headers.get("authorization") ?? "");
    if (!match)
      return apiError(
        70402,
        "Missing or malformed Authorization header.",
        "Send the session token from /api/v1/login as `Authorization: Bearer <token>`.",
      );
    const token = match[1]!;
    const lookup = await findSession(token);
    if (!lookup.ok) {
      if (lookup.problem === "expired")
        return apiError(70001, "The session has expired.", "Log in again with a fresh UserSig.");
      if (lookup.problem === "revoked")
        return apiError(
          70052,
          "The session has ended (logged out, the user's login state was invalidated, or the UserSig it started with was revoked).",
          "Log in again with a fresh UserSig.",
        );
      return json(
        { error: { code: 70402, message: "Unknown session token.", fix: "Log in again with a fresh UserSig." } },
        { status: 401 },
      );
    }
    return handler(request, lookup.session, token, context);
  });
}
