"use server";
import { operatorAction } from "@/lib/actions/operator-action";
import { assertMayIssue } from "@/lib/auth/ticket-policy";
import { getApp } from "@/lib/data/apps";
import { issueTicket } from "@/lib/data/ticket-issue";
import { ConflictError } from "@/lib/errors";
import { generateUserSigSchema } from "@/lib/validations/tickets";

export const generateUserSigAction = operatorAction(
  "usersig.issue",
  "tickets.issue",
  generateUserSigSchema,
  async ({ sdkAppId, userId, expire }, operator) => {
    const app = await getApp(sdkAppId);
    if (app.status !== "enabled")
      throw new ConflictError("This application is disabled; enable it to generate UserSigs.");
    await assertMayIssue(operator, sdkAppId, userId, expire);
    return issueTicket(operator.actor, { kind: "usersig", sdkAppId, userId, expire });
  },
);
