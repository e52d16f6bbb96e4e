"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { findAccount, importAccount } from "@/lib/data/accounts";
import { getApp } from "@/lib/data/apps";
import { ConflictError } from "@/lib/errors";
import { addAccountSchema } from "@/lib/validations/accounts";

export const addAccountAction = operatorAction(
  "account.add",
  "accounts.write",
  addAccountSchema,
  async ({ sdkAppId, ...profile }, operator) => {
    await getApp(sdkAppId);
    if (await findAccount(sdkAppId, profile.userId))
      throw new ConflictError(`Account "${profile.userId}" already exists.`);
    await importAccount(operator.actor, sdkAppId, { ...profile, externalId: profile.externalId || null });
    revalidatePath(`/apps/${sdkAppId}`, "layout");
  },
);
