"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { importApp } from "@/lib/data/apps";
import { importAppSchema } from "@/lib/validations/apps";

// The permission is checked in the application the input names, which does
// not exist yet: only a global owner or admin may claim an SDKAppID and its
// key. A scoped operator (a role per application) cannot.
export const importAppAction = operatorAction("app.import", "apps.write", importAppSchema, async (input, operator) => {
  const app = await importApp(operator.actor, input);
  revalidatePath("/apps");
  return { sdkAppId: app.sdkAppId };
});
