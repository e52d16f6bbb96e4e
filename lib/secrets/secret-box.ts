import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// AES-256-GCM under a master key. The associated data binds a ciphertext to
// its row ("<sdkAppId>:<version>"), so a key copied into another app's row
// fails to decrypt instead of silently signing for the wrong app.
// Layout: "v2:<keyId>:" + base64(iv[12] | tag[16] | ciphertext), where keyId
// names the master key, so the master key can be replaced: ciphertexts under
// a previous key still decrypt until `npm run keys:rewrap` moves them.
// Before that, "v1:" + base64(...) named no key; those are still read.

const V1 = "v1:";
const V2 = /^v2:([0-9a-f]{16}):/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

type MasterKey = { id: string; key: Buffer };

export class MasterKeyMismatchError extends Error {
  constructor() {
    super(
      "TESSERA_MASTER_KEY cannot decrypt the secret keys stored in this database: it is not the master key they were encrypted with. Restore the original TESSERA_MASTER_KEY.",
    );
    this.name = "MasterKeyMismatchError";
  }
}

// Starts like the mismatch message on purpose: to an operator both mean "the
// configured master keys cannot read this database".
export class MasterKeyMissingError extends Error {
  constructor(keyId: string) {
    super(
      `TESSERA_MASTER_KEY cannot decrypt the secret keys stored in this database: some are encrypted under master key ${keyId}, which is not configured. Add that key to TESSERA_PREVIOUS_MASTER_KEYS.`,
    );
    this.name = "MasterKeyMissingError";
  }
}

/**
 * A short, non-secret name for a master key: the first 8 bytes of SHA-256
 * over a fixed label and the key. The label keeps it from matching any other
 * hash of the same key.
 */
export function masterKeyId(hexKey: string): string {
  return createHash("sha256")
    .update("tessera master key id\0")
    .update(Buffer.from(hexKey, "hex"))
    .digest("hex")
    .slice(0, 16);
}

// The environment is parsed once, so the key ring is derived once too
// (decryption is on the login path).
let ring: MasterKey[] | undefined;

/** The configured master keys, newest (the one new ciphertexts use) first. */
function masterKeys(): MasterKey[] {
  if (!ring) {
    const { TESSERA_MASTER_KEY, TESSERA_PREVIOUS_MASTER_KEYS } = env();
    ring = [TESSERA_MASTER_KEY, ...TESSERA_PREVIOUS_MASTER_KEYS].map((hex) => ({
      id: masterKeyId(hex),
      key: Buffer.from(hex, "hex"),
    }));
  }
  return ring;
}

export function currentMasterKeyId(): string {
  return masterKeys()[0]!.id;
}

/** The id of the master key a ciphertext names; legacy "v1:" ciphertexts name none. */
export function sealedKeyId(sealed: string): string | undefined {
  if (sealed.startsWith(V1)) return undefined;
  const match = V2.exec(sealed);
  if (!match) throw new Error("unknown secret format");
  return match[1];
}

export function encryptSecret(plaintext: string, associatedData: string): string {
  const { id, key } = masterKeys()[0]!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v2:${id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

export function decryptSecret(sealed: string, associatedData: string): string {
  const keyId = sealedKeyId(sealed);
  // A legacy ciphertext does not say which master key sealed it: each is
  // tried, and GCM's tag tells the right one from the others.
  const candidates = keyId === undefined ? masterKeys() : masterKeys().filter((master) => master.id === keyId);
  if (candidates.length === 0) throw new MasterKeyMissingError(keyId!);
  // Base64 has no ":", so the sealed bytes follow the last one in either format.
  const raw = Buffer.from(sealed.slice(sealed.lastIndexOf(":") + 1), "base64");
  for (const { key } of candidates) {
    const plaintext = open(key, raw, associatedData);
    if (plaintext !== undefined) return plaintext;
  }
  throw new MasterKeyMismatchError();
}

/** The plaintext, or undefined when the key, the associated data or the bytes are not the ones sealed together. */
function open(key: Buffer, raw: Buffer, associatedData: string): string | undefined {
  // GCM would also check a tag cut to as few as 4 bytes, which is forged in
  // about 2^32 tries; every secret is sealed with all 16, so only 16 count.
  if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

/** A new app secret key in the format Tencent apps use: 32 random bytes as 64 lowercase hex characters. */
export function generateSecretKey(): string {
  return randomBytes(32).toString("hex");
}
