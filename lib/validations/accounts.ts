import { z } from "zod";
import { sdkAppIdSchema, userIdSchema } from "@/lib/validations/common";

const optionalUrl = z
  .string()
  .trim()
  .max(500, "Use at most 500 characters.")
  .refine((value) => value === "" || /^https?:\/\/\S+$/.test(value), "Enter an http:// or https:// URL, or leave it empty.");

export const addAccountSchema = z.object({
  sdkAppId: sdkAppIdSchema,
  userId: userIdSchema,
  externalId: z.string().trim().max(128, "Use at most 128 characters."),
  nickname: z.string().trim().max(100, "Use at most 100 characters."),
  faceUrl: optionalUrl,
});

export const MAX_IMPORT_ROWS = 100_000;
export const IMPORT_CHUNK_ROWS = 2_000;

export const importChunkSchema = z.object({
  sdkAppId: sdkAppIdSchema,
  rows: z
    .array(
      z.object({
        row: z.number().int().min(1),
        userId: z.string().max(200),
        externalId: z.string().max(128).optional(),
        nickname: z.string().max(100).optional(),
        faceUrl: z.string().max(500).optional(),
      }),
    )
    .max(IMPORT_CHUNK_ROWS),
});

export const deleteAccountsSchema = z.object({ sdkAppId: sdkAppIdSchema, userIds: z.array(z.string().max(200)).min(1).max(100) });
export const invalidateLoginSchema = z.object({ sdkAppId: sdkAppIdSchema, userId: userIdSchema });
