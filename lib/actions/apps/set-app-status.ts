"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { setAppStatus } from "@/lib/data/apps";
import { setAppStatusSchema } from "@/lib/validations/apps";

export const setAppStatusAction = operatorAction(
  "app.set-status",
  "apps.write",
  setAppStatusSchema,
  async ({ sdkAppId, status }, operator) => {
    await setAppStatus(operator.actor, sdkAppId, status);
    revalidatePath("/apps", "layout");
  },
);
