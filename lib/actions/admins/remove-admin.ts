"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { removeAdmin } from "@/lib/data/admins";
import { adminSchema } from "@/lib/validations/admins";

export const removeAdminAction = operatorAction(
  "admin.remove",
  "admins.write",
  adminSchema,
  async ({ sdkAppId, identifier }, operator) => {
    await removeAdmin(operator.actor, sdkAppId, identifier);
    revalidatePath(`/apps/${sdkAppId}`, "layout");
  },
);
