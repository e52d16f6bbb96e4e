"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { setSetting } from "@/lib/data/settings";
import { developerMaxExpireSchema } from "@/lib/validations/operators";

export const setDeveloperMaxExpireAction = operatorAction(
  "setting.change",
  "operators.manage",
  developerMaxExpireSchema,
  async ({ days }, operator) => {
    await setSetting(operator.actor, "tickets.developerMaxExpire", days * 86_400);
    revalidatePath("/operators");
  },
);
