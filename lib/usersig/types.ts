// Browser-safe result types shared by decode and verify.

export type DecodedUserSig = {
  version: string;
  identifier: string;
  sdkAppId: number;
  /** Unix seconds when the ticket was issued. */
  time: number;
  /** Validity in seconds; the ticket is expired when now > time + expire. */
  expire: number;
  /** base64 exactly as in the ticket (absent when the ticket has no userbuf). */
  userBuf?: string;
  /** standard base64 of the 32-byte HMAC-SHA256 */
  sig: string;
};

/** Why a ticket was refused: a SPEC 4 code, what is wrong and how to fix it, in plain words. */
export type Rejection = { ok: false; code: number; reason: string; fix: string };

export function reject(code: number, reason: string, fix: string): Rejection {
  return { ok: false, code, reason, fix };
}
