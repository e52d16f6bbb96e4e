/*
 * Validation of generator inputs. Each check throws UserSigInputError naming
 * the field, what is wrong and what is allowed, so the console, the REST
 * layer and the CLI can show the message as is.
 */
import { MAX_EXPIRE_SECONDS, MAX_USERBUF_BYTES, PRIVILEGES, type PrivilegeName } from "./constants";
import { UserSigInputError } from "./input-error";
import { hasLoneSurrogate } from "./unicode";
import { validateUserId } from "./user-id";

const UINT32_MAX = 0xffffffff;
const MAX_ROOM_STRING_BYTES = 64;

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : String(value);
}

/** SDKAppIDs are unsigned 32-bit; 0 is refused because no app has it. */
export function checkSdkAppId(sdkAppId: unknown): number {
  if (!isIntegerIn(sdkAppId, 1, UINT32_MAX)) {
    throw new UserSigInputError(
      "sdkAppId",
      `SDKAppID ${show(sdkAppId)} is invalid; use the app's numeric SDKAppID (a whole number from 1 to ${UINT32_MAX}).`,
    );
  }
  return sdkAppId;
}

/**
 * Any non-empty string is accepted as a key: Tencent's keys are 64 hex
 * characters, but keys imported from elsewhere may not be, and the format
 * signs the key's UTF-8 text either way. Surrounding whitespace is refused
 * because it is always a copy-and-paste accident that would silently produce
 * UserSigs no other party can verify.
 */
export function checkKey(key: unknown): string {
  if (typeof key !== "string" || key.length === 0) {
    throw new UserSigInputError(
      "key",
      "The secret key is empty; use the app's key (64 hex characters from the console).",
    );
  }
  if (key.trim() !== key) {
    throw new UserSigInputError(
      "key",
      "The secret key starts or ends with whitespace; copy the key again without spaces or line breaks.",
    );
  }
  return key;
}

export function checkUserId(userId: unknown): string {
  const problem = validateUserId(userId);
  if (problem !== null) throw new UserSigInputError("userId", problem);
  return userId as string;
}

export function checkExpire(expire: unknown): number {
  if (!isIntegerIn(expire, 1, MAX_EXPIRE_SECONDS)) {
    throw new UserSigInputError(
      "expire",
      `Validity ${show(expire)} is invalid; use a whole number of seconds from 1 to ${MAX_EXPIRE_SECONDS} (50 years).`,
    );
  }
  return expire;
}

/** `now` must fit the uint32 fields of the formats; the default is the system clock. */
export function checkNow(now: unknown): number {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  if (!isIntegerIn(now, 0, UINT32_MAX)) {
    throw new UserSigInputError(
      "now",
      `Time ${show(now)} is invalid; use Unix seconds as a whole number from 0 to ${UINT32_MAX}.`,
    );
  }
  return now;
}

export function checkUserBuf(userBuf: unknown): Uint8Array {
  if (!(userBuf instanceof Uint8Array))
    throw new UserSigInputError("userBuf", "userBuf must be a Uint8Array (or Buffer).");
  if (userBuf.length > MAX_USERBUF_BYTES) {
    throw new UserSigInputError(
      "userBuf",
      `userBuf is ${userBuf.length} bytes; at most ${MAX_USERBUF_BYTES} are allowed.`,
    );
  }
  return userBuf;
}

/** A numeric room is a non-zero uint32 (0 marks string rooms in the userbuf); a string room is 1-64 UTF-8 bytes without control characters. */
export function checkRoom(room: unknown): { roomId: number } | { roomStr: string } {
  if (typeof room === "number") {
    if (!isIntegerIn(room, 1, UINT32_MAX)) {
      throw new UserSigInputError(
        "room",
        `Room number ${show(room)} is invalid; use a whole number from 1 to ${UINT32_MAX}, or a room string.`,
      );
    }
    return { roomId: room };
  }
  if (typeof room !== "string" || room.length === 0) {
    throw new UserSigInputError(
      "room",
      "The room is missing; give a room number (1 to 4294967295) or a room string of 1 to 64 bytes.",
    );
  }
  if (/[\u0000-\u001f\u007f]/.test(room) || hasLoneSurrogate(room)) {
    throw new UserSigInputError(
      "room",
      "The room string contains a control character or broken Unicode; use printable characters.",
    );
  }
  const bytes = new TextEncoder().encode(room).length;
  if (bytes > MAX_ROOM_STRING_BYTES) {
    throw new UserSigInputError(
      "room",
      `The room string is ${bytes} bytes; at most ${MAX_ROOM_STRING_BYTES} are allowed.`,
    );
  }
  return { roomStr: room };
}

/** Privileges as a bit map (1-255) or a non-empty list of names from PRIVILEGES. */
export function checkPrivileges(privileges: unknown): number {
  const allowed = Object.keys(PRIVILEGES).join(", ");
  if (Array.isArray(privileges)) {
    if (privileges.length === 0)
      throw new UserSigInputError("privileges", `No privileges given; name at least one of: ${allowed}.`);
    let map = 0;
    for (const name of privileges) {
      if (typeof name !== "string" || !Object.hasOwn(PRIVILEGES, name)) {
        throw new UserSigInputError("privileges", `Unknown privilege ${show(name)}; use names from: ${allowed}.`);
      }
      map |= PRIVILEGES[name as PrivilegeName];
    }
    return map;
  }
  if (!isIntegerIn(privileges, 1, 255)) {
    throw new UserSigInputError(
      "privileges",
      `Privileges ${show(privileges)} is invalid; use a bit map from 1 to 255 (255 = all, 42 = enter + receive audio and video) or names: ${allowed}.`,
    );
  }
  return privileges;
}
