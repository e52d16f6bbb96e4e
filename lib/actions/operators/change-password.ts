"use server";
import { operatorAction } from "@/lib/actions/operator-action";
import { changeOwnPassword } from "@/lib/data/operators";
import { changePasswordSchema } from "@/lib/validations/operators";

export const changePasswordAction = operatorAction(
  "operator.set-password",
  "console.read",
  changePasswordSchema,
  async ({ currentPassword, newPassword }, operator) => {
    await changeOwnPassword(operator.actor, operator.id, currentPassword, newPassword);
  },
);
