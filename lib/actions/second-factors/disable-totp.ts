"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { checkOperatorPassword } from "@/lib/data/operators";
import { disableTotp, verifySecondFactor } from "@/lib/data/second-factors";
import { disableTotpSchema } from "@/lib/validations/second-factors";
import { ValidationError } from "@/lib/errors";

/** Turning TOTP off takes the password and a current code or a recovery code, so a stolen session alone cannot. */
export const disableTotpAction = operatorAction(
  "operator.totp-disable",
  "console.read",
  disableTotpSchema,
  async ({ code, password }, operator) => {
    if (!(await checkOperatorPassword(operator.id, password)))
      throw new ValidationError("Your password is incorrect.", { password: "Your password is incorrect." });
    if (!(await verifySecondFactor(operator.actor, operator.id, code)))
      throw new ValidationError("That code is not right.", { code: "That code is not right." });
    await disableTotp(operator.actor, operator.id);
    revalidatePath("/profile");
  },
);
