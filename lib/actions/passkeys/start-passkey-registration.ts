"use server";
import { operatorAction } from "@/lib/actions/operator-action";
import { checkOperatorPassword } from "@/lib/data/operators";
import { registrationOptions } from "@/lib/data/passkeys";
import { startPasskeyRegistrationSchema } from "@/lib/validations/passkeys";
import { ValidationError } from "@/lib/errors";

/** The options for the browser's registration ceremony, after the password (so a stolen session alone cannot add one). */
export const startPasskeyRegistrationAction = operatorAction(
  "operator.passkey-add",
  "console.read",
  startPasskeyRegistrationSchema,
  async ({ password }, operator) => {
    if (!(await checkOperatorPassword(operator.id, password)))
      throw new ValidationError("Your password is incorrect.", { password: "Your password is incorrect." });
    return registrationOptions(operator);
  },
);
