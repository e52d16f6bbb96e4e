"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { deleteApp } from "@/lib/data/apps";
import { deleteAppSchema } from "@/lib/validations/apps";

export const deleteAppAction = operatorAction(
  "app.delete",
  "apps.write",
  deleteAppSchema,
  async ({ sdkAppId, confirmName }, operator) => {
    await deleteApp(operator.actor, sdkAppId, confirmName);
    revalidatePath("/apps", "layout");
  },
);
