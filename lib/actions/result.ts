// What every server action returns to its form: data, or a message that is
// safe to show plus per-field messages for inline errors.
export type ActionResult<T = void> =
  { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };
