// The master-key box's tag length (issue 19, 4.7): GCM lets a decipher accept
// a tag cut to 4 to 15 bytes, and a 4-byte tag is forged in about 2^32 tries.
// Every sealed secret carries the full 16 bytes, so nothing shorter may open.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { testSecrets } from "../support/test-env";

Object.assign(process.env, testSecrets());
const { decryptSecret, encryptSecret, MasterKeyMismatchError } = await import("@/lib/secrets/secret-box");

/** The sealed secret with its tag cut to `tagBytes` (the layout is prefix + base64(iv[12] | tag[16] | ciphertext)). */
function withShortTag(sealed: string, tagBytes: number): string {
  const cut = sealed.lastIndexOf(":") + 1;
  const raw = Buffer.from(sealed.slice(cut), "base64");
  // With no ciphertext, the shortened tag is what follows the IV.
  assert.equal(raw.length, 12 + 16);
  return sealed.slice(0, cut) + raw.subarray(0, 12 + tagBytes).toString("base64");
}

describe("secret box", () => {
  test("a sealed secret opens with its associated data, and not with another's", () => {
    const sealed = encryptSecret("a secret key", "1400000001:1");
    assert.equal(decryptSecret(sealed, "1400000001:1"), "a secret key");
    assert.throws(() => decryptSecret(sealed, "1400000002:1"), MasterKeyMismatchError);
  });

  test("a tag shorter than 16 bytes is refused, even when it is the true tag's prefix", () => {
    const sealed = encryptSecret("", "callback:1400000001");
    assert.equal(decryptSecret(sealed, "callback:1400000001"), "");
    for (const tagBytes of [4, 8, 12, 13, 14, 15]) {
      assert.throws(
        () => decryptSecret(withShortTag(sealed, tagBytes), "callback:1400000001"),
        MasterKeyMismatchError,
        `a ${tagBytes}-byte tag`,
      );
    }
  });
});
