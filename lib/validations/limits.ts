// Every size limit on what a client can send, in one place. Bodies are
// read with these caps before any parsing (lib/api/http/body.ts); fields are
// bounded again by their zod schemas before anything is stored or hashed.

/** Request body caps in bytes, per endpoint. */
export const MAX_BODY_BYTES = {
  /** Room for the longest userSig the login schema takes (16 KB) and the other fields. */
  login: 20 * 1024,
  usersig: 64 * 1024,
  /** Up to 100 UserSigs of a few hundred bytes each. */
  revoke: 256 * 1024,
  rest: 256 * 1024,
  /** next-auth's sign-in form: email, password, CSRF token, callback URL. */
  signIn: 8 * 1024,
  keyReveal: 4 * 1024,
} as const;

/**
 * Server actions (console forms and the CSV import's chunks), enforced by
 * Next itself (next.config.ts). The import sends its file in chunks below this.
 */
export const MAX_SERVER_ACTION_BYTES = 1024 * 1024;

/** RFC 5321's limit on a forward path, the longest usable email address. */
export const MAX_EMAIL_CHARS = 254;
/** Longer passwords add nothing to security and only cost hashing time. */
export const MAX_PASSWORD_BYTES = 1024;
