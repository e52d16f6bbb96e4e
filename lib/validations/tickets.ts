import { z } from "zod";
import { MAX_EXPIRE_SECONDS, PRIVILEGES, type PrivilegeName } from "@/lib/usersig/constants";
import { roomProblem, sdkAppIdSchema, userIdSchema } from "@/lib/validations/common";

/** The validities the console offers as choices, in seconds: 1, 7 and 180 days. */
export const EXPIRE_PRESETS = [86_400, 7 * 86_400, 180 * 86_400] as const;

const expireSchema = z.coerce
  .number({ error: "Enter the validity in seconds." })
  .int("Use whole seconds.")
  .min(1, "Validity must be at least 1 second.")
  .max(MAX_EXPIRE_SECONDS, `Validity must be at most ${MAX_EXPIRE_SECONDS} seconds (50 years).`);

export const generateUserSigSchema = z.object({ sdkAppId: sdkAppIdSchema, userId: userIdSchema, expire: expireSchema });

export const PRIVILEGE_NAMES = Object.keys(PRIVILEGES) as PrivilegeName[];

export const generatePrivateMapKeySchema = z
  .object({
    sdkAppId: sdkAppIdSchema,
    userId: userIdSchema,
    expire: expireSchema,
    room: z.string().trim().min(1, "Enter a room number or room name.").max(127, "Use at most 127 characters."),
    roomType: z.enum(["number", "string"]),
    privileges: z
      .array(z.enum(PRIVILEGE_NAMES as [PrivilegeName, ...PrivilegeName[]]))
      .min(1, "Choose at least one privilege."),
  })
  .superRefine((value, ctx) => {
    if (value.roomType === "number" && !/^[1-9][0-9]{0,9}$/.test(value.room))
      ctx.addIssue({ code: "custom", path: ["room"], message: "A numeric room is 1 to 4294967295." });
    if (value.roomType === "number" && Number(value.room) > 4294967295)
      ctx.addIssue({ code: "custom", path: ["room"], message: "A numeric room is 1 to 4294967295." });
    const problem = value.roomType === "string" ? roomProblem(value.room) : null;
    if (problem) ctx.addIssue({ code: "custom", path: ["room"], message: problem });
  });

export const verifyUserSigSchema = z.object({
  sdkAppId: sdkAppIdSchema,
  userId: z.string().max(200),
  userSig: z.string().trim().max(8192),
});

export const revokeIssuedSchema = z.object({ sdkAppId: sdkAppIdSchema, ledgerId: z.string().min(1).max(64) });

export const revokeUserSigSchema = z.object({
  sdkAppId: sdkAppIdSchema,
  userSig: z
    .string()
    .trim()
    .min(1, "Paste a UserSig.")
    .max(16 * 1024),
});
