import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// AES-256-GCM under the master key. The associated data binds a ciphertext to
// its row ("<sdkAppId>:<version>"), so a key copied into another app's row
// fails to decrypt instead of silently signing for the wrong app.
// Layout: "v1:" + base64(iv[12] | tag[16] | ciphertext).

const VERSION = "v1:";

export class MasterKeyMismatchError extends Error {
  constructor() {
    super("TESSERA_MASTER_KEY cannot decrypt the secret keys stored in this database: it is not the master key they were encrypted with. Restore the original TESSERA_MASTER_KEY.");
    this.name = "MasterKeyMismatchError";
  }
}

function masterKey(): Buffer {
  return Buffer.from(env().TESSERA_MASTER_KEY, "hex");
}

export function encryptSecret(plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", masterKey(), iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function decryptSecret(sealed: string, associatedData: string): string {
  if (!sealed.startsWith(VERSION)) throw new Error("unknown secret format");
  const raw = Buffer.from(sealed.slice(VERSION.length), "base64");
  const decipher = createDecipheriv("aes-256-gcm", masterKey(), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new MasterKeyMismatchError();
  }
}

/** A new app secret key in the format Tencent apps use: 32 random bytes as 64 lowercase hex characters. */
export function generateSecretKey(): string {
  return randomBytes(32).toString("hex");
}
