"use server";
import { operatorAction } from "@/lib/actions/operator-action";
import { changeOwnPassword } from "@/lib/data/operators";
import { changePasswordSchema } from "@/lib/validations/operators";
import { assertStrongPassword } from "@/lib/auth/password-strength";

export const changePasswordAction = operatorAction(
  "operator.set-password",
  "console.read",
  changePasswordSchema,
  async ({ currentPassword, newPassword }, operator) => {
    assertStrongPassword(newPassword, operator.email, "newPassword");
    await changeOwnPassword(operator.actor, operator.id, currentPassword, newPassword);
  },
);
