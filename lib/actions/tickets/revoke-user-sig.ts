"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { auditRejected } from "@/lib/data/rejections";
import { revokeTickets } from "@/lib/data/revocations";
import { revokeUserSigSchema } from "@/lib/validations/tickets";

export type RevokeUserSigOutcome =
  | { ok: true; userId: string; expiresAt: number; alreadyRevoked: boolean; sessionsEnded: number }
  | { ok: false; code: number; message: string };

/** Revokes a pasted UserSig of the app, including one the App Server signed itself. */
export const revokeUserSigAction = operatorAction(
  "usersig.revoke",
  "accounts.write",
  revokeUserSigSchema,
  async ({ sdkAppId, userSig }, operator): Promise<RevokeUserSigOutcome> => {
    const [outcome] = await revokeTickets(operator.actor, sdkAppId, [userSig]);
    if (!outcome!.ok) {
      await auditRejected({
        actor: operator.actor,
        action: "usersig.revoke",
        sdkAppId,
        code: outcome!.code,
        details: { reason: outcome!.message },
      });
      return { ok: false, code: outcome!.code, message: outcome!.message };
    }
    revalidatePath(`/apps/${sdkAppId}`, "layout");
    const { userId, expiresAt, alreadyRevoked, sessionsEnded } = outcome!;
    return { ok: true, userId, expiresAt, alreadyRevoked, sessionsEnded };
  },
);
