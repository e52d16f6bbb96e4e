import { z } from "zod";
import { validateUserId } from "@/lib/usersig/user-id";

export const sdkAppIdSchema = z.coerce.number({ error: "SDKAppID must be a number." }).int().min(1, "SDKAppID must be a positive number.");

export const userIdSchema = z.string().superRefine((value, ctx) => {
  const problem = validateUserId(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
