import { z } from "zod";
import { checkRoom } from "@/lib/usersig/generator-input";
import { UserSigInputError } from "@/lib/usersig/input-error";
import { validateUserId } from "@/lib/usersig/user-id";

/** The largest SDKAppID: it is an unsigned 32-bit integer, on the wire and in both databases. */
export const MAX_SDKAPPID = 4_294_967_295;

/** Whether an application could exist under this number. Any other number is simply an unknown app: it never reaches a query. */
export const canExist = (sdkAppId: number) =>
  Number.isSafeInteger(sdkAppId) && sdkAppId >= 1 && sdkAppId <= MAX_SDKAPPID;

export const sdkAppIdSchema = z.coerce
  .number({ error: "SDKAppID must be a number." })
  .int()
  .min(1, "An SDKAppID is a whole number from 1 to 4294967295.")
  .max(MAX_SDKAPPID, "An SDKAppID is a whole number from 1 to 4294967295.");

/** Whether text can be stored exactly as given: PostgreSQL refuses NUL, and a lone surrogate would be silently replaced. */
export const isStorable = (text: string) => text.isWellFormed() && !text.includes("\0");

export const storableText = (max: number) =>
  z
    .string({ error: "must be a string" })
    .max(max, `Use at most ${max} characters.`)
    .refine(isStorable, "must not contain NUL or unpaired surrogate characters");

export const userIdSchema = z.string().superRefine((value, ctx) => {
  const problem = validateUserId(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Why the PrivateMapKey library would refuse this room (the one rule, lib/usersig), or null. */
export function roomProblem(room: number | string): string | null {
  try {
    checkRoom(room);
    return null;
  } catch (error) {
    if (error instanceof UserSigInputError) return error.message;
    throw error;
  }
}
