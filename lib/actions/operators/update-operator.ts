"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { updateOperator } from "@/lib/data/operators";
import { ValidationError } from "@/lib/errors";
import { updateOperatorSchema } from "@/lib/validations/operators";

export const updateOperatorAction = operatorAction(
  "operator.update",
  "operators.manage",
  updateOperatorSchema,
  async ({ id, role, disabled }, operator) => {
    if (id === operator.id && disabled) throw new ValidationError("You cannot disable yourself.");
    await updateOperator(operator.actor, id, { role, disabled });
    revalidatePath("/operators");
  },
);
