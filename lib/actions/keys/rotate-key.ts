"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { getApp } from "@/lib/data/apps";
import { rotateAppKey } from "@/lib/data/keys";
import { rotateKeySchema } from "@/lib/validations/keys";

export const rotateKeyAction = operatorAction(
  "key.rotate",
  "keys.write",
  rotateKeySchema,
  async ({ sdkAppId, graceDays }, operator) => {
    await getApp(sdkAppId);
    const result = await rotateAppKey(operator.actor, sdkAppId, graceDays * 86_400);
    revalidatePath(`/apps/${sdkAppId}`, "layout");
    return result;
  },
);
