"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { useErrorMessage } from "@/components/i18n/use-error-message";
import { MAX_EMAIL_CHARS, MAX_PASSWORD_BYTES } from "@/lib/validations/limits";

/** Where the password step sends a sign-in that owes another step (lib/auth/sign-in-flow.ts names them). */
const NEXT_STEP: Record<string, string> = {
  SecondFactorRequired: "/sign-in/second-factor",
  SecondFactorEnrollmentRequired: "/sign-in/enroll",
  PasswordChangeRequired: "/sign-in/new-password",
};

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
        if (result?.ok && !result.error) {
          // A full navigation, so every server component sees the new session cookie.
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full page load on purpose: the router cache holds pages rendered for the old session
          window.location.assign("/apps");
          return;
        }
        const step = result?.error ? NEXT_STEP[result.error] : undefined;
        if (step) {
          // a full page load: the step's page reads the pending sign-in's cookie on the server
          window.location.assign(step);
          return;
        }
        setPending(false);
        setError(!result?.error || result.error === "CredentialsSignin" ? t("invalid") : errorMessage(result.error));
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
