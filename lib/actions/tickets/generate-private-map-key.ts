"use server";
import { operatorAction } from "@/lib/actions/operator-action";
import { assertMayIssue } from "@/lib/auth/ticket-policy";
import { getApp } from "@/lib/data/apps";
import { issueTicket } from "@/lib/data/ticket-issue";
import { ConflictError } from "@/lib/errors";
import { generatePrivateMapKeySchema } from "@/lib/validations/tickets";

export const generatePrivateMapKeyAction = operatorAction(
  "privatemapkey.issue",
  "tickets.issue",
  generatePrivateMapKeySchema,
  async ({ sdkAppId, userId, expire, room, roomType, privileges }, operator) => {
    const app = await getApp(sdkAppId);
    if (app.status !== "enabled")
      throw new ConflictError("This application is disabled; enable it to generate tickets.");
    await assertMayIssue(operator, sdkAppId, userId, expire);
    return issueTicket(operator.actor, {
      kind: "privatemapkey",
      sdkAppId,
      userId,
      expire,
      room: roomType === "number" ? Number(room) : room,
      privileges,
    });
  },
);
