"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { setSetting } from "@/lib/data/settings";
import { passwordSignInSchema } from "@/lib/validations/sso";

/** Password sign-in for everyone, or for owners only (everyone else signs in with SSO). */
export const setPasswordSignInAction = operatorAction(
  "setting.password-sign-in",
  "operators.manage",
  passwordSignInSchema,
  async ({ ownersOnly }, operator) => {
    await setSetting(operator.actor, "signIn.passwordOwnersOnly", ownersOnly, "setting.password-sign-in");
    revalidatePath("/operators");
  },
);
