// Shared, browser-safe constants of the TLS sig API v2 format (SPEC 2-4).

/** 180 days: the validity Tencent's libraries and console use by default. */
export const DEFAULT_EXPIRE_SECONDS = 180 * 86400;

/** Seconds a UserSig's TLS.time may be ahead of the verifier's clock (the signer's clock runs fast). */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;

/** Longest validity a generator accepts: 50 years keeps time + expire far inside uint32. */
export const MAX_EXPIRE_SECONDS = 50 * 365 * 86400;

/** PrivateMapKey privilege bits (SPEC 3). */
export const PRIVILEGES = {
  createRoom: 1,
  enterRoom: 2,
  sendAudio: 4,
  receiveAudio: 8,
  sendVideo: 16,
  receiveVideo: 32,
  sendSubStream: 64,
  receiveSubStream: 128,
} as const;

export type PrivilegeName = keyof typeof PRIVILEGES;

/** Verification outcome codes used here (SPEC 4). */
export const CODES = {
  expired: 70001,
  empty: 70002,
  malformed: 70003,
  badFields: 70005,
  badSignature: 70009,
  userIdMismatch: 70013,
  sdkAppIdMismatch: 70014,
  noKey: 70016,
  invalidParameters: 70402,
} as const;

/*
 * Size caps for untrusted tickets. The largest ticket this library generates
 * (32-byte UserID, 1 KB userbuf, stored-block zlib as Go writes it) is about
 * 2.3 KB of text and 1.6 KB of JSON; a ticket above these caps is refused
 * before any decoding work, and inflation stops at MAX_INFLATED_BYTES, so a
 * deflate bomb costs at most a few KB of memory and microseconds of CPU.
 */
export const MAX_TICKET_CHARS = 4096;
export const MAX_INFLATED_BYTES = 4096;

/** Largest userbuf a generator accepts, so every generated ticket stays under the caps above. */
export const MAX_USERBUF_BYTES = 1024;
