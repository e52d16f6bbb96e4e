"use server";
import { z } from "zod";
import { pendingSignInAction } from "@/lib/actions/sign-in/pending-action";
import { advancePendingSignIn } from "@/lib/data/pending-sign-ins";
import { confirmTotpEnrollment } from "@/lib/data/second-factors";
import { totpCodeSchema } from "@/lib/validations/second-factors";

/** Enrolment the owner's policy requires, after the password: the first code turns TOTP on and the sign-in may finish. */
export const confirmSignInEnrollmentAction = pendingSignInAction(
  "enroll",
  z.object({ code: totpCodeSchema }),
  async ({ code }, caller) => {
    const recoveryCodes = await confirmTotpEnrollment(caller.actor, caller.operatorId, code);
    await advancePendingSignIn(caller.token, "ready", caller.sessionVersion);
    return { recoveryCodes };
  },
);
