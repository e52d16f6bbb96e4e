import "server-only";
import { decryptStoredKey } from "@/lib/data/keys";

// Decrypted keys, remembered by their ciphertext. Which keys may verify is
// read from the database on every check, so rotation and retirement take
// effect at once; only the AES-GCM work is saved. A ciphertext always opens
// to the same key (a rewrap makes a new ciphertext), so no entry is ever wrong.
const decrypted = new Map<string, string>();
const MAX_DECRYPTED = 1000;

export function decryptKey(sdkAppId: number, version: number, ciphertext: string): string {
  const cached = decrypted.get(ciphertext);
  if (cached) return cached;
  const key = decryptStoredKey(sdkAppId, version, ciphertext);
  if (decrypted.size >= MAX_DECRYPTED) decrypted.clear();
  decrypted.set(ciphertext, key);
  return key;
}
