"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { operatorAction } from "@/lib/actions/operator-action";
import { removeSsoConfig } from "@/lib/data/sso-config";

/** Turns single sign-on off; SSO sessions already running go on until they end. */
export const removeSsoConfigAction = operatorAction(
  "sso.remove",
  "operators.manage",
  z.object({}),
  async (_input, operator) => {
    await removeSsoConfig(operator.actor);
    revalidatePath("/operators");
  },
);
