"use server";
import { pendingSignInAction } from "@/lib/actions/sign-in/pending-action";
import { advancePendingSignIn } from "@/lib/data/pending-sign-ins";
import { findOperatorForSession, updateOperator } from "@/lib/data/operators";
import { nextSignInStep } from "@/lib/data/sign-in-steps";
import { newSignInPasswordSchema } from "@/lib/validations/operators";
import { assertStrongPassword } from "@/lib/auth/password-strength";
import { EXPIRED } from "@/lib/auth/sign-in-flow";
import { ValidationError } from "@/lib/errors";

/** A generated password (the first owner's, a break-glass reset) is replaced before the sign-in goes on. */
export const setSignInPasswordAction = pendingSignInAction(
  "change-password",
  newSignInPasswordSchema,
  async ({ newPassword }, caller) => {
    assertStrongPassword(newPassword, caller.email, "newPassword");
    await updateOperator(caller.actor, caller.operatorId, { password: newPassword });
    const operator = await findOperatorForSession(caller.operatorId);
    if (!operator) throw new ValidationError(EXPIRED);
    // A passwordless passkey sign-in has used its strong factor already.
    const next = await nextSignInStep(operator, caller.method);
    await advancePendingSignIn(caller.token, next === "session" ? "ready" : next, operator.sessionVersion);
    return { next };
  },
);
