import { getTranslations } from "next-intl/server";
import { requirePendingPage } from "@/lib/auth/sign-in-flow";
import { countPasskeys } from "@/lib/data/passkeys";
import { secondFactorStatus } from "@/lib/data/second-factors";
import { SignInShell } from "@/components/auth/sign-in-shell";
import { SecondFactorForm } from "@/app/(auth)/sign-in/second-factor/second-factor-form";

export async function generateMetadata() {
  return { title: (await getTranslations("signIn"))("secondFactorTitle") };
}

export default async function SecondFactorPage() {
  const pending = await requirePendingPage("second-factor");
  const [{ totp }, passkeys] = await Promise.all([
    secondFactorStatus(pending.operatorId),
    countPasskeys(pending.operatorId),
  ]);
  const t = await getTranslations("signIn");
  return (
    <SignInShell title={totp ? t("secondFactorHeading") : t("passkeyHeading")}>
      <SecondFactorForm totp={totp} passkey={passkeys > 0} />
    </SignInShell>
  );
}
