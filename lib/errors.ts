// Typed, expected errors. Their message is safe to show; anything else is
// reported as a generic failure (never a stack or a database message).

export class AppError extends Error {
  constructor(
    message: string,
    /** SPEC codes: 70xxx for tickets/accounts, 60xxx for the REST layer. */
    readonly code: number,
    readonly status = 400,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, code = 70402) {
    super(message, code, 404);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You do not have permission to do this.", code = 70403) {
    super(message, code, 403);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 70402) {
    super(message, code, 409);
  }
}

export class ValidationError extends AppError {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string> = {},
    code = 70402,
  ) {
    super(message, code, 400);
  }
}

export class RateLimitError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code = 70050,
  ) {
    super(message, code, 429);
  }
}

export const GENERIC_ERROR_MESSAGE = "Something went wrong on our side. Nothing was changed; please try again.";

export function publicMessage(error: unknown): string {
  return error instanceof AppError ? error.message : GENERIC_ERROR_MESSAGE;
}
