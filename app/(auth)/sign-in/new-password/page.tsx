import type { Metadata } from "next";
import { requirePendingPage } from "@/lib/auth/sign-in-flow";
import { SignInShell } from "@/components/auth/sign-in-shell";
import { NewPasswordForm } from "@/app/(auth)/sign-in/new-password/new-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function NewPasswordPage() {
  const pending = await requirePendingPage("change-password");
  return (
    <SignInShell title="Choose your own password">
      <p className="text-sm text-slate-700">
        {pending.email} signed in with a generated password. Choose a new one to continue.
      </p>
      <NewPasswordForm />
    </SignInShell>
  );
}
