import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/session";
import { PasskeySignIn, SignInForm } from "@/app/(auth)/sign-in/sign-in-form";
import { SignInShell } from "@/components/auth/sign-in-shell";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (await getSession()) redirect("/apps");
  return (
    <SignInShell title="Sign in to the console">
      <SignInForm />
      <p className="text-center text-xs text-slate-500">or</p>
      <PasskeySignIn />
    </SignInShell>
  );
}
