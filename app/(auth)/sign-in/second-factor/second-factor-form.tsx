"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { useErrorMessage } from "@/components/i18n/use-error-message";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";

export function SecondFactorForm() {
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
        const result = await signIn("pending", { code: String(form.get("code")), redirect: false });
        if (result?.ok && !result.error) {
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full page load on purpose: every server component must see the new session cookie
          window.location.assign("/apps");
          return;
        }
        setPending(false);
        setError(!result?.error || result.error === "CredentialsSignin" ? t("codeWrong") : errorMessage(result.error));
      }}
    >
      <Input
        label={t("code")}
        name="code"
        autoComplete="one-time-code"
        inputMode="text"
        maxLength={24}
        required
        autoFocus
        hint={t("codeHint")}
      />
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <Button type="submit" className="w-full" pending={pending}>
        {t("verify")}
      </Button>
      <p className="text-center text-sm">
        <a href="/sign-in" className="text-indigo-700 hover:underline">
          {t("startAgain")}
        </a>
      </p>
    </form>
  );
}
