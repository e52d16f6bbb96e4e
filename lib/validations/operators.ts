import { z } from "zod";
import { ROLES, type Role } from "@/lib/auth/permissions";

const roleSchema = z.enum(ROLES as [Role, ...Role[]], { error: "Choose a role." });
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
  .object({ currentPassword: z.string().min(1, "Enter your current password.").max(200), newPassword: passwordSchema, confirmPassword: z.string() })
  .refine((value) => value.newPassword === value.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });
