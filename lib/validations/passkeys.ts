import { z } from "zod";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";

// What the browser sends back from a WebAuthn ceremony (@simplewebauthn/browser's
// JSON), bounded before anything decodes it. Shared by the forms and the server.

export type PasskeyDto = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

/** The largest ceremony answer accepted, as JSON text; real ones are a few kilobytes. */
export const MAX_CEREMONY_JSON_CHARS = 32_768;

const base64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/);
const extensions = z.record(z.string(), z.unknown()).default({});

const registrationShape = z.looseObject({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: base64url,
    attestationObject: base64url,
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
  clientExtensionResults: extensions,
  authenticatorAttachment: z.string().max(32).optional(),
});

const authenticationShape = z.looseObject({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
  clientExtensionResults: extensions,
  authenticatorAttachment: z.string().max(32).optional(),
});

const NOT_A_CEREMONY = "The passkey's answer is not in the expected form.";
export const registrationResponseSchema = z.custom<RegistrationResponseJSON>(
  (value) => registrationShape.safeParse(value).success,
  NOT_A_CEREMONY,
);
export const authenticationResponseSchema = z.custom<AuthenticationResponseJSON>(
  (value) => authenticationShape.safeParse(value).success,
  NOT_A_CEREMONY,
);

/** An assertion that arrives as JSON text (next-auth credentials are strings). */
export function parseAuthenticationJson(text: string): AuthenticationResponseJSON | null {
  if (text.length === 0 || text.length > MAX_CEREMONY_JSON_CHARS) return null;
  try {
    const parsed = authenticationResponseSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const passkeyNameSchema = z
  .string()
  .trim()
  .min(1, "Name this passkey, such as the device it is on.")
  .max(60, "Keep the name to 60 characters.");

const password = z.string().min(1, "Enter your password.").max(1024);

export const startPasskeyRegistrationSchema = z.object({ password });
export const addPasskeySchema = z.object({ name: passkeyNameSchema, response: registrationResponseSchema });
export const removePasskeySchema = z.object({ id: base64url.min(1).max(1024), password });
