import { z } from "zod";
import { CALLBACK_ACTIONS } from "@/lib/callbacks/actions";
import { sdkAppIdSchema } from "@/lib/validations/common";

export const MAX_CALLBACK_URL = 2048;
/** Tencent's limit for a callback authentication token. */
export const MAX_CALLBACK_TOKEN = 128;

/** Why this callback URL is refused, or null. Only http(s), never credentials (they would sit in the database and in logs), never a fragment. */
export function callbackUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "Enter a full URL, such as https://app.example.com/tencent-callback.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return "The callback URL must start with http:// or https://.";
  if (url.username || url.password)
    return "Put no user name or password in the URL: use the token to authenticate the callbacks.";
  if (text.includes("#")) return "The callback URL must not have a #fragment.";
  if (/[\s\0-\x1f\x7f]/.test(text)) return "The callback URL must not contain spaces or control characters.";
  return null;
}

export const callbackUrlSchema = z
  .string({ error: "Enter the callback URL." })
  .trim()
  .min(1, "Enter the callback URL.")
  .max(MAX_CALLBACK_URL, `Use at most ${MAX_CALLBACK_URL} characters.`)
  .superRefine((value, ctx) => {
    const problem = callbackUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const callbackTokenSchema = z
  .string()
  .max(MAX_CALLBACK_TOKEN, `A token has at most ${MAX_CALLBACK_TOKEN} characters.`)
  // Printable ASCII without spaces, so the App Server hashes exactly the bytes Tessera does.
  .regex(/^[\x21-\x7e]*$/, "Use printable ASCII characters without spaces for the token.");

export const setCallbackSchema = z.object({
  sdkAppId: sdkAppIdSchema,
  url: callbackUrlSchema,
  actions: z.array(z.enum(CALLBACK_ACTIONS)).min(1, "Choose at least one event to send.").max(CALLBACK_ACTIONS.length),
  /** A new token; empty keeps the current one. */
  token: callbackTokenSchema.default(""),
  /** Stop signing the requests (ignored when a new token is given). */
  removeToken: z.boolean().default(false),
});

export const removeCallbackSchema = z.object({ sdkAppId: sdkAppIdSchema });

export const resendDeliverySchema = z.object({ sdkAppId: sdkAppIdSchema, id: z.number().int().positive() });
