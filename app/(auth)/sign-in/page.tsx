import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/session";
import { SignInForm } from "@/app/(auth)/sign-in/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (await getSession()) redirect("/apps");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <p className="flex items-center justify-center gap-2 text-2xl font-semibold tracking-tight">
            {/* eslint-disable-next-line @next/next/no-img-element -- decorative; next/image adds nothing to a small SVG */}
            <img src="/icon.svg" alt="" width={32} height={32} />
            Tessera
          </p>
          <h1 className="mt-1 text-sm text-slate-600">Sign in to the console</h1>
        </div>
        <SignInForm />
      </div>
    </main>
  );
}
