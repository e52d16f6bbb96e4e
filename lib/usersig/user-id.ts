/*
 * UserID rule (SPEC 5): 1 to 32 bytes of printable ASCII. We read "printable"
 * as 0x21-0x7E and refuse the space: a leading or trailing space is invisible
 * in the console, gets trimmed by forms and shells, and then the UserSig
 * silently belongs to another user. Tencent recommends a-z A-Z 0-9 _ -;
 * the other symbols are accepted because existing apps use them.
 */
const MAX_USER_ID_BYTES = 32;

/** Returns null when the UserID is valid, otherwise a message saying what is wrong and what is allowed. */
export function validateUserId(userId: unknown): string | null {
  if (typeof userId !== "string") return "UserID must be a string.";
  if (userId.length === 0) return "UserID is empty; use 1 to 32 characters (a-z A-Z 0-9 _ - recommended).";
  for (let i = 0; i < userId.length; i++) {
    const c = userId.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) {
      const what = c === 0x20 ? "a space" : c > 0x7e ? "a non-ASCII character" : "a control character";
      return `UserID contains ${what} at position ${i + 1}; only printable ASCII without spaces is allowed (a-z A-Z 0-9 _ - recommended).`;
    }
  }
  // Every accepted character is one byte, so the length check can come last.
  if (userId.length > MAX_USER_ID_BYTES) {
    return `UserID is ${userId.length} bytes long; at most ${MAX_USER_ID_BYTES} are allowed.`;
  }
  return null;
}
