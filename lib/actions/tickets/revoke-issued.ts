"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { revokeIssued } from "@/lib/data/revocations";
import { revokeIssuedSchema } from "@/lib/validations/tickets";

export const revokeIssuedAction = operatorAction(
  "usersig.revoke",
  "accounts.write",
  revokeIssuedSchema,
  async ({ sdkAppId, ledgerId }, operator) => {
    const result = await revokeIssued(operator.actor, sdkAppId, ledgerId);
    revalidatePath(`/apps/${sdkAppId}`, "layout");
    return result;
  },
);
