"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { createOperator } from "@/lib/data/operators";
import { createOperatorSchema } from "@/lib/validations/operators";

export const createOperatorAction = operatorAction(
  "operator.create",
  "operators.manage",
  createOperatorSchema,
  async (input, operator) => {
    await createOperator(operator.actor, input);
    revalidatePath("/operators");
  },
);
