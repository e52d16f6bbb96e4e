"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { setCallbackConfig } from "@/lib/data/callback-config";
import { setCallbackSchema } from "@/lib/validations/callbacks";

export const setCallbackAction = operatorAction(
  "callback.configure",
  "apps.write",
  setCallbackSchema,
  async ({ sdkAppId, url, actions, token, removeToken }, operator) => {
    const config = await setCallbackConfig(operator.actor, sdkAppId, { url, actions, token, removeToken });
    revalidatePath(`/apps/${sdkAppId}/callbacks`);
    return { hasToken: config.hasToken };
  },
);
