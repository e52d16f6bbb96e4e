"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { setSsoConfig } from "@/lib/data/sso-config";
import { ssoConfigSchema } from "@/lib/validations/sso";

/** Turns single sign-on on or changes it (the client secret is kept when left empty). */
export const setSsoConfigAction = operatorAction(
  "sso.configure",
  "operators.manage",
  ssoConfigSchema,
  async (input, operator) => {
    await setSsoConfig(operator.actor, input);
    revalidatePath("/operators");
  },
);
