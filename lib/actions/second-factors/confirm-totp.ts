"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { checkOperatorPassword } from "@/lib/data/operators";
import { confirmTotpEnrollment } from "@/lib/data/second-factors";
import { confirmTotpSchema } from "@/lib/validations/second-factors";
import { ValidationError } from "@/lib/errors";

/** Turns TOTP on with the password and a first code; returns the recovery codes, shown once. */
export const confirmTotpAction = operatorAction(
  "operator.totp-enroll",
  "console.read",
  confirmTotpSchema,
  async ({ code, password }, operator) => {
    if (!(await checkOperatorPassword(operator.id, password)))
      throw new ValidationError("Your password is incorrect.", { password: "Your password is incorrect." });
    const recoveryCodes = await confirmTotpEnrollment(operator.actor, operator.id, code);
    revalidatePath("/profile");
    return { recoveryCodes };
  },
);
