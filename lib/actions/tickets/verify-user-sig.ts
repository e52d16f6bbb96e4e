"use server";
import { operatorAction } from "@/lib/actions/operator-action";
import { auditRejected } from "@/lib/data/rejections";
import { checkTicket } from "@/lib/data/ticket-check";
import { verifyUserSigSchema } from "@/lib/validations/tickets";

export type VerifyOutcome =
  | {
      ok: true;
      sdkAppId: number;
      userId: string;
      time: number;
      expire: number;
      expiresAt: number;
      keyVersion: number;
      hasUserBuf: boolean;
    }
  | { ok: false; code: number; reason: string; fix: string };

export const verifyUserSigAction = operatorAction(
  "usersig.verify",
  "tickets.verify",
  verifyUserSigSchema,
  async ({ sdkAppId, userId, userSig }, operator): Promise<VerifyOutcome> => {
    const result = await checkTicket({ sdkAppId, userId, ticket: userSig });
    if (!result.ok) {
      await auditRejected({
        actor: operator.actor,
        action: "usersig.verify",
        sdkAppId,
        target: userId,
        code: result.code,
        details: { reason: result.reason },
      });
      return { ok: false, code: result.code, reason: result.reason, fix: result.fix };
    }
    const { value } = result;
    return {
      ok: true,
      sdkAppId: value.sdkAppId,
      userId: value.identifier,
      time: value.time,
      expire: value.expire,
      expiresAt: result.expiresAt,
      keyVersion: result.keyVersion,
      hasUserBuf: value.userBuf !== undefined,
    };
  },
);
