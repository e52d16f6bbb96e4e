// Browser-safe entry point: nothing here (or below it) imports node: modules
// or needs a key, so client components can import it. Generation and
// verification live in ./index (server only).
export {
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_EXPIRE_SECONDS,
  MAX_EXPIRE_SECONDS,
  PRIVILEGES,
  CODES,
  type PrivilegeName,
} from "./constants";
export { decodeUserSig } from "./decode";
export { decodePrivateMapKeyBuf, type PrivateMapKeyFields } from "./private-map-key-buf";
export { decodeStandardBase64 } from "./escaped-base64";
export { validateUserId } from "./user-id";
export { UserSigInputError } from "./input-error";
export type { DecodedUserSig, Rejection } from "./types";
