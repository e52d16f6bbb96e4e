import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getSession } from "@/lib/auth/session";
import { getSsoSettings } from "@/lib/data/sso-config";
import { PasskeySignIn, SignInForm } from "@/app/(auth)/sign-in/sign-in-form";
import { SignInShell } from "@/components/auth/sign-in-shell";
import { LanguageSwitch } from "@/components/i18n/language-switch";
import { buttonVariants } from "@/components/ui/button";

export async function generateMetadata() {
  return { title: (await getTranslations("signIn"))("metaTitle") };
}

export default async function SignInPage() {
  if (await getSession()) redirect("/apps");
  const [sso, t, ssoText] = await Promise.all([getSsoSettings(), getTranslations("signIn"), getTranslations("sso")]);
  return (
    <SignInShell title={t("title")} footer={<LanguageSwitch />}>
      <SignInForm />
      <p className="text-center text-xs text-slate-500">{t("or")}</p>
      <PasskeySignIn />
      {sso && (
        // eslint-disable-next-line @next/next/no-html-link-for-pages -- a route handler that redirects to the identity provider: a full navigation, never prefetched
        <a href="/api/auth/sso/start" className={buttonVariants({ variant: "secondary", className: "w-full" })}>
          {ssoText("signIn")}
        </a>
      )}
    </SignInShell>
  );
}
