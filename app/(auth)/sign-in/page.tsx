import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/session";
import { SignInForm } from "@/app/(auth)/sign-in/sign-in-form";
import { SignInShell } from "@/components/auth/sign-in-shell";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (await getSession()) redirect("/apps");
  return (
    <SignInShell title="Sign in to the console">
      <SignInForm />
    </SignInShell>
  );
}
