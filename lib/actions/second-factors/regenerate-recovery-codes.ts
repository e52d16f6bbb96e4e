"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { checkOperatorPassword } from "@/lib/data/operators";
import { regenerateRecoveryCodes } from "@/lib/data/second-factors";
import { regenerateRecoveryCodesSchema } from "@/lib/validations/second-factors";
import { ValidationError } from "@/lib/errors";

/** A new set of recovery codes (the old ones stop working), shown once. */
export const regenerateRecoveryCodesAction = operatorAction(
  "operator.recovery-codes-regenerate",
  "console.read",
  regenerateRecoveryCodesSchema,
  async ({ password }, operator) => {
    if (!(await checkOperatorPassword(operator.id, password)))
      throw new ValidationError("Your password is incorrect.", { password: "Your password is incorrect." });
    const recoveryCodes = await regenerateRecoveryCodes(operator.actor, operator.id);
    revalidatePath("/profile");
    return { recoveryCodes };
  },
);
