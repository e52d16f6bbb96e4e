import type { Metadata } from "next";
import { requirePendingPage } from "@/lib/auth/sign-in-flow";
import { countPasskeys } from "@/lib/data/passkeys";
import { secondFactorStatus } from "@/lib/data/second-factors";
import { SignInShell } from "@/components/auth/sign-in-shell";
import { SecondFactorForm } from "@/app/(auth)/sign-in/second-factor/second-factor-form";

export const metadata: Metadata = { title: "Two-factor sign-in" };

export default async function SecondFactorPage() {
  const pending = await requirePendingPage("second-factor");
  const [{ totp }, passkeys] = await Promise.all([
    secondFactorStatus(pending.operatorId),
    countPasskeys(pending.operatorId),
  ]);
  return (
    <SignInShell title={totp ? "Enter the code from your authenticator app" : "Confirm it is you with your passkey"}>
      <SecondFactorForm totp={totp} passkey={passkeys > 0} />
    </SignInShell>
  );
}
