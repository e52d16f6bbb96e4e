// A software WebAuthn authenticator (ES256, "none" attestation) for tests
// that exercise the server's checks without a browser: it answers a
// challenge the way a platform authenticator does, and can be told to lie
// about the origin or its signature counter.
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest();
const b64url = (data: Buffer | Uint8Array) => Buffer.from(data).toString("base64url");
const u32 = (n: number) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(n);
  return out;
};

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

export function softAuthenticator({ origin = "http://localhost:3000", rpId = "localhost" } = {}) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const credentialId = randomBytes(16);
  const userHandle = randomBytes(8);
  let counter = 0;
  const cosePublicKey = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, "base64url")],
      [-3, Buffer.from(jwk.y!, "base64url")],
    ]),
  );
  const clientData = (type: string, challenge: string, from: string) =>
    Buffer.from(JSON.stringify({ type, challenge, origin: from, crossOrigin: false }));

  return {
    id: b64url(credentialId),
    /** The counter the next assertion reports is this plus one. */
    setCounter: (value: number) => (counter = value),
    register(challenge: string, options: { origin?: string } = {}): RegistrationResponseJSON {
      const attested = Buffer.concat([
        Buffer.alloc(16), // AAGUID
        Buffer.from([credentialId.length >> 8, credentialId.length & 0xff]),
        credentialId,
        Buffer.from(cosePublicKey),
      ]);
      const authData = Buffer.concat([sha256(rpId), Buffer.from([UP | UV | AT]), u32(counter), attested]);
      const attestationObject = isoCBOR.encode(
        new Map<string, string | Map<string, string> | Uint8Array>([
          ["fmt", "none"],
          ["attStmt", new Map<string, string>()],
          ["authData", new Uint8Array(authData)],
        ]),
      );
      return {
        id: b64url(credentialId),
        rawId: b64url(credentialId),
        type: "public-key",
        response: {
          clientDataJSON: b64url(clientData("webauthn.create", challenge, options.origin ?? origin)),
          attestationObject: b64url(attestationObject),
          transports: ["internal"],
        },
        clientExtensionResults: {},
      };
    },
    assert(challenge: string, options: { origin?: string; userVerified?: boolean } = {}): AuthenticationResponseJSON {
      counter += 1;
      const authData = Buffer.concat([
        sha256(rpId),
        Buffer.from([UP | (options.userVerified === false ? 0 : UV)]),
        u32(counter),
      ]);
      const clientDataJSON = clientData("webauthn.get", challenge, options.origin ?? origin);
      const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), privateKey);
      return {
        id: b64url(credentialId),
        rawId: b64url(credentialId),
        type: "public-key",
        response: {
          clientDataJSON: b64url(clientDataJSON),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          userHandle: b64url(userHandle),
        },
        clientExtensionResults: {},
      };
    },
  };
}
