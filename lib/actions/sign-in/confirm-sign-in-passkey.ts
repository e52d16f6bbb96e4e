"use server";
import { pendingSignInAction } from "@/lib/actions/sign-in/pending-action";
import { advancePendingSignIn } from "@/lib/data/pending-sign-ins";
import { addPasskey } from "@/lib/data/passkeys";
import { addPasskeySchema } from "@/lib/validations/passkeys";

/** The enrolment step finished with a passkey: once it verifies, the sign-in owes nothing more. */
export const confirmSignInPasskeyAction = pendingSignInAction(
  "enroll",
  addPasskeySchema,
  async ({ name, response }, caller) => {
    await addPasskey(caller.actor, caller.operatorId, name, response);
    await advancePendingSignIn(caller.token, "ready", caller.sessionVersion);
  },
);
