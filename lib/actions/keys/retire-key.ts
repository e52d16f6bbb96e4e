"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { retireAppKey } from "@/lib/data/keys";
import { retireKeySchema } from "@/lib/validations/keys";

export const retireKeyAction = operatorAction(
  "key.retire",
  "keys.write",
  retireKeySchema,
  async ({ sdkAppId, version }, operator) => {
    await retireAppKey(operator.actor, sdkAppId, version);
    revalidatePath(`/apps/${sdkAppId}`, "layout");
  },
);
