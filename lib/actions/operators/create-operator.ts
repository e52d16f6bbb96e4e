"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { createOperator } from "@/lib/data/operators";
import { createOperatorSchema } from "@/lib/validations/operators";
import { assertStrongPassword } from "@/lib/auth/password-strength";

export const createOperatorAction = operatorAction(
  "operator.create",
  "operators.manage",
  createOperatorSchema,
  async (input, operator) => {
    assertStrongPassword(input.password, input.email);
    await createOperator(operator.actor, input);
    revalidatePath("/operators");
  },
);
