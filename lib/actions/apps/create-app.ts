"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { createApp } from "@/lib/data/apps";
import { createAppSchema } from "@/lib/validations/apps";

export const createAppAction = operatorAction(
  "app.create",
  "apps.write",
  createAppSchema,
  async ({ name }, operator) => {
    const app = await createApp(operator.actor, name, operator.role === "scoped" ? operator.id : undefined);
    revalidatePath("/apps");
    return { sdkAppId: app.sdkAppId };
  },
);
