"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { checkOperatorPassword, resetOperatorSecondFactors } from "@/lib/data/operators";
import { resetSecondFactorsSchema } from "@/lib/validations/second-factors";
import { ValidationError } from "@/lib/errors";

/** An owner removes another operator's second factors, re-entering their own password first. */
export const resetSecondFactorsAction = operatorAction(
  "operator.reset-factors",
  "operators.manage",
  resetSecondFactorsSchema,
  async ({ id, password }, operator) => {
    if (id === operator.id) throw new ValidationError("Turn your own second factor off on your profile page.");
    if (!(await checkOperatorPassword(operator.id, password)))
      throw new ValidationError("Your password is incorrect.", { password: "Your password is incorrect." });
    await resetOperatorSecondFactors(operator.actor, id);
    revalidatePath("/operators");
  },
);
