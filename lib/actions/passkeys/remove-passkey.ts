"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { checkOperatorPassword } from "@/lib/data/operators";
import { removePasskey } from "@/lib/data/passkeys";
import { removePasskeySchema } from "@/lib/validations/passkeys";
import { ValidationError } from "@/lib/errors";

/** Removes one of the operator's own passkeys; takes the password, like turning the authenticator app off. */
export const removePasskeyAction = operatorAction(
  "operator.passkey-remove",
  "console.read",
  removePasskeySchema,
  async ({ id, password }, operator) => {
    if (!(await checkOperatorPassword(operator.id, password)))
      throw new ValidationError("Your password is incorrect.", { password: "Your password is incorrect." });
    await removePasskey(operator.actor, operator.id, id);
    revalidatePath("/profile");
  },
);
