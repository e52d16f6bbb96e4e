import { z } from "zod";

// Shared by the profile page, the sign-in steps and the server.

export type SecondFactorStatus = { totp: boolean; recoveryCodesLeft: number };

export const SECOND_FACTOR_POLICIES = ["nobody", "privileged", "everyone"] as const;
export type SecondFactorPolicy = (typeof SECOND_FACTOR_POLICIES)[number];

/** A 6-digit code from an authenticator app, or a recovery code (XXXX-XXXX-XXXX-XXXX); spaces are forgiven. */
export const secondFactorCodeSchema = z
  .string()
  .transform((code) => code.replace(/\s+/g, "").toUpperCase())
  .pipe(
    z
      .string()
      .regex(
        /^(\d{6}|[A-Z2-7]{4}-?[A-Z2-7]{4}-?[A-Z2-7]{4}-?[A-Z2-7]{4})$/,
        "Enter the 6-digit code from your app, or a recovery code.",
      ),
  );

export const totpCodeSchema = z
  .string()
  .transform((code) => code.replace(/\s+/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your app."));

const password = z.string().min(1, "Enter your password.").max(1024);

export const confirmTotpSchema = z.object({ code: totpCodeSchema, password });
export const disableTotpSchema = z.object({ code: secondFactorCodeSchema, password });
export const regenerateRecoveryCodesSchema = z.object({ password });
export const secondFactorPolicySchema = z.object({
  policy: z.enum(SECOND_FACTOR_POLICIES, { error: "Choose who must have a second factor." }),
});
export const resetSecondFactorsSchema = z.object({ id: z.string().min(1).max(64), password });
