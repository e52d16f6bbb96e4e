"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { MAX_EMAIL_CHARS, MAX_PASSWORD_BYTES } from "@/lib/validations/limits";
import { startPasskeySignInAction } from "@/lib/actions/sign-in/start-passkey-sign-in";
import { followSignIn } from "@/components/auth/follow-sign-in";
import { PasskeySignInButton } from "@/components/auth/passkey-sign-in-button";
import { useErrorMessage } from "@/components/i18n/use-error-message";

export function SignInForm() {
  const t = useTranslations("signIn");
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  return (
    <form
      className="space-y-4"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setPending(true);
        setError(undefined);
        const result = await signIn("credentials", {
          email: String(form.get("email")),
          password: String(form.get("password")),
          redirect: false,
        });
        const problem = followSignIn(result);
        if (problem === null) return;
        setPending(false);
        setError(problem === "CredentialsSignin" ? t("invalid") : errorMessage(problem));
      }}
    >
      <Input
        label={t("email")}
        name="email"
        type="email"
        autoComplete="username"
        maxLength={MAX_EMAIL_CHARS}
        required
        autoFocus
      />
      <Input
        label={t("password")}
        name="password"
        type="password"
        autoComplete="current-password"
        maxLength={MAX_PASSWORD_BYTES}
        required
      />
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <Button type="submit" className="w-full" pending={pending}>
        {t("submit")}
      </Button>
    </form>
  );
}

/** "Sign in with a passkey": a discoverable passkey alone, no email or password. */
export function PasskeySignIn() {
  const t = useTranslations("passkeys");
  return (
    <PasskeySignInButton
      label={t("signIn")}
      options={startPasskeySignInAction}
      finish={(response) => signIn("passkey", { response, redirect: false })}
      refused={t("signInRefused")}
    />
  );
}
