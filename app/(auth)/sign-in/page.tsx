import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getSession } from "@/lib/auth/session";
import { PasskeySignIn, SignInForm } from "@/app/(auth)/sign-in/sign-in-form";
import { SignInShell } from "@/components/auth/sign-in-shell";
import { LanguageSwitch } from "@/components/i18n/language-switch";

export async function generateMetadata() {
  return { title: (await getTranslations("signIn"))("metaTitle") };
}

export default async function SignInPage() {
  if (await getSession()) redirect("/apps");
  const t = await getTranslations("signIn");
  return (
    <SignInShell title={t("title")} footer={<LanguageSwitch />}>
      <SignInForm />
      <p className="text-center text-xs text-slate-500">{t("or")}</p>
      <PasskeySignIn />
    </SignInShell>
  );
}
