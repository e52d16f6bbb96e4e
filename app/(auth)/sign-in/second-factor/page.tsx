import type { Metadata } from "next";
import { requirePendingPage } from "@/lib/auth/sign-in-flow";
import { SignInShell } from "@/components/auth/sign-in-shell";
import { SecondFactorForm } from "@/app/(auth)/sign-in/second-factor/second-factor-form";

export const metadata: Metadata = { title: "Two-factor sign-in" };

export default async function SecondFactorPage() {
  await requirePendingPage("second-factor");
  return (
    <SignInShell title="Enter the code from your authenticator app">
      <SecondFactorForm />
    </SignInShell>
  );
}
