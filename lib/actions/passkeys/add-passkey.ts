"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { addPasskey } from "@/lib/data/passkeys";
import { addPasskeySchema } from "@/lib/validations/passkeys";

/** Stores the passkey the browser just created, once its answer to this operator's registration challenge verifies. */
export const addPasskeyAction = operatorAction(
  "operator.passkey-add",
  "console.read",
  addPasskeySchema,
  async ({ name, response }, operator) => {
    await addPasskey(operator.actor, operator.id, name, response);
    revalidatePath("/profile");
  },
);
