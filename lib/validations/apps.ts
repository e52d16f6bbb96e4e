import { z } from "zod";
import { sdkAppIdSchema } from "@/lib/validations/common";

export const appNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(64, "Use at most 64 characters.")
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} _.\-]*$/u,
    "Use letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit.",
  );

export const createAppSchema = z.object({ name: appNameSchema });
export const importAppSchema = z.object({
  sdkAppId: sdkAppIdSchema,
  name: appNameSchema,
  // As Tencent's console shows it. The key is used as text, so its case is kept.
  secretKey: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, "Paste the secret key as Tencent's console shows it: 64 hexadecimal characters."),
});
export const renameAppSchema = z.object({ sdkAppId: sdkAppIdSchema, name: appNameSchema });
export const setAppStatusSchema = z.object({ sdkAppId: sdkAppIdSchema, status: z.enum(["enabled", "disabled"]) });
export const deleteAppSchema = z.object({ sdkAppId: sdkAppIdSchema, confirmName: z.string() });
