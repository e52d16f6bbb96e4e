"use server";
import { z } from "zod";
import { pendingSignInAction } from "@/lib/actions/sign-in/pending-action";
import { authenticationOptions } from "@/lib/data/passkeys";

/** After the password: the options for an assertion by one of this operator's passkeys, as the second factor. */
export const startPasskeySecondFactorAction = pendingSignInAction(
  "second-factor",
  z.object({}),
  async (_input, caller) => authenticationOptions(caller.operatorId),
);
