import { z } from "zod";
import { sdkAppIdSchema } from "@/lib/validations/common";

export const DEFAULT_GRACE_DAYS = 7;

export const rotateKeySchema = z.object({
  sdkAppId: sdkAppIdSchema,
  graceDays: z.coerce
    .number({ error: "Enter a number of days." })
    .int("Use whole days.")
    .min(0, "Use 0 to 90 days.")
    .max(90, "Use 0 to 90 days."),
});
export const retireKeySchema = z.object({ sdkAppId: sdkAppIdSchema, version: z.coerce.number().int().min(1) });
export const revealKeySchema = z.object({ password: z.string().max(1024).optional() });
