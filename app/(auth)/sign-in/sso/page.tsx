import { getTranslations } from "next-intl/server";
import { SignInShell } from "@/components/auth/sign-in-shell";
import { SsoFinish } from "@/app/(auth)/sign-in/sso/sso-finish";
import { SSO_REFUSALS, type SsoRefusal } from "@/lib/validations/sso";

export async function generateMetadata() {
  return { title: (await getTranslations("sso"))("metaTitle") };
}

// Where the SSO callback sends the browser (lib/auth/sso-flow.ts): with
// ?error=<reason> when it was refused, else to exchange the pending sign-in
// for a session. The message is looked up by reason, so the URL cannot put
// words on the page.
export default async function SsoPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  const { error } = await searchParams;
  const reason = (SSO_REFUSALS as readonly string[]).includes(String(error)) ? (error as SsoRefusal) : null;
  const t = await getTranslations("sso");
  return (
    <SignInShell title={t("metaTitle")}>
      {reason ? (
        <>
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {t(`refusals.${reason}`)}
          </p>
          <p className="flex justify-between text-sm">
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a route handler that redirects to the identity provider: a full navigation, never prefetched */}
            <a href="/api/auth/sso/start" className="text-indigo-700 hover:underline">
              {t("tryAgain")}
            </a>
            <a href="/sign-in" className="text-indigo-700 hover:underline">
              {t("backToSignIn")}
            </a>
          </p>
        </>
      ) : (
        <SsoFinish />
      )}
    </SignInShell>
  );
}
