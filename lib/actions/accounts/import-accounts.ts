"use server";
import { operatorAction } from "@/lib/actions/operator-action";
import { importAccountRows } from "@/lib/data/account-directory";
import { getApp } from "@/lib/data/apps";
import { importChunkSchema } from "@/lib/validations/accounts";

/** One chunk of a CSV import; the browser sends the file chunk by chunk to show progress. */
export const importAccountsAction = operatorAction(
  "account.import-csv",
  "accounts.write",
  importChunkSchema,
  async ({ sdkAppId, rows }, operator) => {
    await getApp(sdkAppId);
    return importAccountRows(operator.actor, sdkAppId, rows);
  },
);
