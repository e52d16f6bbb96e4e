import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/session";
import { getSsoSettings } from "@/lib/data/sso-config";
import { PasskeySignIn, SignInForm } from "@/app/(auth)/sign-in/sign-in-form";
import { SignInShell } from "@/components/auth/sign-in-shell";
import { buttonVariants } from "@/components/ui/button";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (await getSession()) redirect("/apps");
  const sso = await getSsoSettings();
  return (
    <SignInShell title="Sign in to the console">
      <SignInForm />
      <p className="text-center text-xs text-slate-500">or</p>
      <PasskeySignIn />
      {sso && (
        // eslint-disable-next-line @next/next/no-html-link-for-pages -- a route handler that redirects to the identity provider: a full navigation, never prefetched
        <a href="/api/auth/sso/start" className={buttonVariants({ variant: "secondary", className: "w-full" })}>
          Sign in with SSO
        </a>
      )}
    </SignInShell>
  );
}
