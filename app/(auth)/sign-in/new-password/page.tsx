import { getTranslations } from "next-intl/server";
import { requirePendingPage } from "@/lib/auth/sign-in-flow";
import { SignInShell } from "@/components/auth/sign-in-shell";
import { NewPasswordForm } from "@/app/(auth)/sign-in/new-password/new-password-form";

export async function generateMetadata() {
  return { title: (await getTranslations("signIn"))("newPasswordTitle") };
}

export default async function NewPasswordPage() {
  const pending = await requirePendingPage("change-password");
  const t = await getTranslations("signIn");
  return (
    <SignInShell title={t("newPasswordHeading")}>
      <p className="text-sm text-slate-700">{t("generatedPassword", { email: pending.email })}</p>
      <NewPasswordForm />
    </SignInShell>
  );
}
