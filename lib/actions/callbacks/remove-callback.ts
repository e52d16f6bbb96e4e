"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { removeCallbackConfig } from "@/lib/data/callback-config";
import { removeCallbackSchema } from "@/lib/validations/callbacks";

export const removeCallbackAction = operatorAction(
  "callback.remove",
  "apps.write",
  removeCallbackSchema,
  async ({ sdkAppId }, operator) => {
    const result = await removeCallbackConfig(operator.actor, sdkAppId);
    revalidatePath(`/apps/${sdkAppId}/callbacks`);
    return result;
  },
);
