import { z } from "zod";
import { APP_ROLES, type AppRole, OPERATOR_ROLES, type OperatorRole } from "@/lib/auth/permissions";
import { sdkAppIdSchema } from "@/lib/validations/common";

const roleSchema = z.enum(OPERATOR_ROLES as [OperatorRole, ...OperatorRole[]], { error: "Choose a role." });
export const passwordSchema = z.string().min(12, "Use at least 12 characters.").max(200, "Use at most 200 characters.");

export const createOperatorSchema = z.object({
  email: z.email("Enter a valid email address.").max(200),
  name: z.string().trim().max(100, "Use at most 100 characters."),
  password: passwordSchema,
  role: roleSchema,
});

export const updateOperatorSchema = z.object({
  id: z.string().min(1).max(64),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(200),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match.",
  });

export const setMembershipSchema = z.object({
  operatorId: z.string().min(1).max(64),
  sdkAppId: sdkAppIdSchema,
  role: z.enum(APP_ROLES as [AppRole, ...AppRole[]]).nullable(),
});

export const developerMaxExpireSchema = z.object({
  days: z.coerce
    .number({ error: "Enter a number of days." })
    .int("Use whole days.")
    .min(1, "Use 1 to 3650 days.")
    .max(3650, "Use 1 to 3650 days."),
});

export const newSignInPasswordSchema = z
  .object({ newPassword: passwordSchema, confirmPassword: z.string() })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match.",
  });
