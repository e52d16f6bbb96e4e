import { z } from "zod";
import { sdkAppIdSchema, storableText, userIdSchema } from "@/lib/validations/common";

const optionalUrl = storableText(500)
  .trim()
  .refine(
    (value) => value === "" || /^https?:\/\/\S+$/.test(value),
    "Enter an http:// or https:// URL, or leave it empty.",
  );

export const addAccountSchema = z.object({
  sdkAppId: sdkAppIdSchema,
  userId: userIdSchema,
  externalId: storableText(128).trim(),
  nickname: storableText(100).trim(),
  faceUrl: optionalUrl,
});

/** Rows one CSV import takes: a migrating customer's whole user base. */
export const MAX_IMPORT_ROWS = 1_000_000;
/** Rows per server action of the import: one transaction and one audit row each, well under the action's 1 MB body. */
export const IMPORT_CHUNK_ROWS = 5_000;

export const importChunkSchema = z.object({
  sdkAppId: sdkAppIdSchema,
  rows: z
    .array(
      z.object({
        row: z.number().int().min(1),
        userId: z.string().max(200),
        externalId: storableText(128).optional(),
        nickname: storableText(100).optional(),
        faceUrl: storableText(500).optional(),
      }),
    )
    .max(IMPORT_CHUNK_ROWS),
});
export type ImportChunkRow = z.input<typeof importChunkSchema>["rows"][number];

export const deleteAccountsSchema = z.object({
  sdkAppId: sdkAppIdSchema,
  userIds: z.array(z.string().max(200)).min(1).max(100),
});
export const invalidateLoginSchema = z.object({ sdkAppId: sdkAppIdSchema, userId: userIdSchema });
