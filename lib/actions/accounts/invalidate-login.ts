"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { invalidateLogin } from "@/lib/data/accounts";
import { invalidateLoginSchema } from "@/lib/validations/accounts";

export const invalidateLoginAction = operatorAction(
  "account.invalidate-login",
  "accounts.write",
  invalidateLoginSchema,
  async ({ sdkAppId, userId }, operator) => {
    const { notBefore } = await invalidateLogin(operator.actor, sdkAppId, userId);
    revalidatePath(`/apps/${sdkAppId}`, "layout");
    return { notBefore: notBefore.toISOString() };
  },
);
