"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { startPasskeySecondFactorAction } from "@/lib/actions/sign-in/start-passkey-second-factor";
import { followSignIn } from "@/components/auth/follow-sign-in";
import { PasskeySignInButton } from "@/components/auth/passkey-sign-in-button";
import { useErrorMessage } from "@/components/i18n/use-error-message";

/** The second factor after the password: a code (an authenticator app's, or a recovery code) and/or a passkey, as the operator has. */
export function SecondFactorForm({ totp, passkey }: { totp: boolean; passkey: boolean }) {
  const t = useTranslations("signIn");
  const passkeys = useTranslations("passkeys");
  return (
    <>
      {totp && <CodeForm />}
      {totp && passkey && <p className="text-center text-xs text-slate-500">{t("or")}</p>}
      {passkey && (
        <PasskeySignInButton
          label={passkeys("use")}
          options={() => startPasskeySecondFactorAction({})}
          finish={(json) => signIn("pending", { passkey: json, redirect: false })}
          refused={passkeys("secondFactorRefused")}
        />
      )}
      <p className="text-center text-sm">
        <a href="/sign-in" className="text-indigo-700 hover:underline">
          {t("startAgain")}
        </a>
      </p>
    </>
  );
}

function CodeForm() {
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
        const problem = followSignIn(await signIn("pending", { code: String(form.get("code")), redirect: false }));
        if (problem === null) return;
        setPending(false);
        setError(problem === "CredentialsSignin" ? t("codeWrong") : errorMessage(problem));
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
    </form>
  );
}
