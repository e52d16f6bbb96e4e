"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { addAdmin } from "@/lib/data/admins";
import { getApp } from "@/lib/data/apps";
import { adminSchema } from "@/lib/validations/admins";

export const addAdminAction = operatorAction(
  "admin.add",
  "admins.write",
  adminSchema,
  async ({ sdkAppId, identifier }, operator) => {
    await getApp(sdkAppId);
    await addAdmin(operator.actor, sdkAppId, identifier);
    revalidatePath(`/apps/${sdkAppId}`, "layout");
  },
);
