"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { setSetting } from "@/lib/data/settings";
import { secondFactorPolicySchema } from "@/lib/validations/second-factors";

/** Who must have a second factor; operators it newly covers are signed out and sent to enrol at their next sign-in. */
export const setSecondFactorPolicyAction = operatorAction(
  "setting.change",
  "operators.manage",
  secondFactorPolicySchema,
  async ({ policy }, operator) => {
    await setSetting(operator.actor, "signIn.requireSecondFactor", policy);
    revalidatePath("/operators");
  },
);
