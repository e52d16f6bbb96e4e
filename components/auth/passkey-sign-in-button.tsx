"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import type { SignInResponse } from "next-auth/react";
import { startAuthentication } from "@simplewebauthn/browser";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import type { ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { followSignIn } from "@/components/auth/follow-sign-in";
import { useErrorMessage } from "@/components/i18n/use-error-message";

/**
 * A passkey step of sign-in: asks the server for a challenge (`options`),
 * lets the browser sign it with a passkey, and hands the signed answer to
 * next-auth (`finish`), then goes wherever that leads.
 */
export function PasskeySignInButton({
  label,
  options,
  finish,
  refused,
}: {
  label: string;
  options: () => Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>>;
  finish: (responseJson: string) => Promise<SignInResponse | undefined>;
  /** What to say when the server refuses the passkey's answer. */
  refused: string;
}) {
  const t = useTranslations("passkeys");
  const common = useTranslations("common");
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const attempt = async (): Promise<string | null> => {
    const answer = await options().catch((): ActionResult<never> => ({ ok: false, error: common("unreachable") }));
    if (!answer.ok) return errorMessage(answer.error);
    let response;
    try {
      response = await startAuthentication({ optionsJSON: answer.data });
    } catch {
      return t("noneUsed");
    }
    const outcome = followSignIn(await finish(JSON.stringify(response)));
    return outcome === "CredentialsSignin" ? refused : outcome && errorMessage(outcome);
  };
  return (
    <div className="space-y-2">
      <Button
        type="button"
        variant="secondary"
        className="w-full"
        pending={pending}
        onClick={async () => {
          setPending(true);
          setError(undefined);
          const problem = await attempt();
          if (problem === null) return;
          setPending(false);
          setError(problem);
        }}
      >
        {label}
      </Button>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
