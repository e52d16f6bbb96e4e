"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { deleteAccounts } from "@/lib/data/accounts";
import { ValidationError } from "@/lib/errors";
import { deleteAccountsSchema } from "@/lib/validations/accounts";

export const deleteAccountsAction = operatorAction(
  "account.delete",
  "accounts.write",
  deleteAccountsSchema,
  async ({ sdkAppId, userIds }, operator) => {
    const { admins } = await deleteAccounts(operator.actor, sdkAppId, userIds);
    revalidatePath(`/apps/${sdkAppId}`, "layout");
    if (admins.length > 0)
      throw new ValidationError(
        `${admins.join(", ")} ${admins.length === 1 ? "is an app admin" : "are app admins"}; remove the admin first.`,
      );
  },
);
