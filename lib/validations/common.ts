import { z } from "zod";
import { checkRoom } from "@/lib/usersig/generator-input";
import { UserSigInputError } from "@/lib/usersig/input-error";
import { validateUserId } from "@/lib/usersig/user-id";

/** The largest number an application can be stored under (a 32-bit integer column on PostgreSQL). */
export const MAX_STORED_SDKAPPID = 2_147_483_647;

/**
 * Whether an application could exist under this number. Any other number,
 * though a valid uint32 SDKAppID on the wire, is simply an unknown app: it
 * never reaches a query.
 */
export const canExist = (sdkAppId: number) => Number.isSafeInteger(sdkAppId) && sdkAppId >= 1 && sdkAppId <= MAX_STORED_SDKAPPID;

export const sdkAppIdSchema = z.coerce
  .number({ error: "SDKAppID must be a number." })
  .int()
  .min(1, "SDKAppID must be a positive number.")
  .max(MAX_STORED_SDKAPPID, "No application has this SDKAppID.");

/** Whether text can be stored exactly as given: PostgreSQL refuses NUL, and a lone surrogate would be silently replaced. */
export const isStorable = (text: string) => text.isWellFormed() && !text.includes("\0");

export const storableText = (max: number) =>
  z.string({ error: "must be a string" }).max(max, `Use at most ${max} characters.`).refine(isStorable, "must not contain NUL or unpaired surrogate characters");

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
