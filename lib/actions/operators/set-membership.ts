"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { setMembership } from "@/lib/data/operators";
import { setMembershipSchema } from "@/lib/validations/operators";

/** Gives a scoped operator a role in one application, or takes it away (role null). */
export const setMembershipAction = operatorAction(
  "operator.set-membership",
  "operators.manage",
  setMembershipSchema,
  async ({ operatorId, sdkAppId, role }, operator) => {
    await setMembership(operator.actor, operatorId, sdkAppId, role);
    revalidatePath("/operators");
  },
);
