"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { renameApp } from "@/lib/data/apps";
import { renameAppSchema } from "@/lib/validations/apps";

export const renameAppAction = operatorAction(
  "app.rename",
  "apps.write",
  renameAppSchema,
  async ({ sdkAppId, name }, operator) => {
    await renameApp(operator.actor, sdkAppId, name);
    revalidatePath("/apps", "layout");
  },
);
