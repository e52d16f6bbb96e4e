"use server";
import { z } from "zod";
import { pendingSignInAction } from "@/lib/actions/sign-in/pending-action";
import { registrationOptions } from "@/lib/data/passkeys";

/** Enrolment the owner's policy requires, with a passkey instead of an app: the registration ceremony's options. */
export const startSignInPasskeyEnrollmentAction = pendingSignInAction("enroll", z.object({}), async (_input, caller) =>
  registrationOptions({ id: caller.operatorId, email: caller.email, name: "" }),
);
