import { getTranslations } from "next-intl/server";
import { requirePendingPage } from "@/lib/auth/sign-in-flow";
import { SignInShell } from "@/components/auth/sign-in-shell";
import { SecondFactorForm } from "@/app/(auth)/sign-in/second-factor/second-factor-form";

export async function generateMetadata() {
  return { title: (await getTranslations("signIn"))("secondFactorTitle") };
}

export default async function SecondFactorPage() {
  await requirePendingPage("second-factor");
  const t = await getTranslations("signIn");
  return (
    <SignInShell title={t("secondFactorHeading")}>
      <SecondFactorForm />
    </SignInShell>
  );
}
