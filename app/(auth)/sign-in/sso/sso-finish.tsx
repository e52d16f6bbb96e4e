"use client";
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { useErrorMessage } from "@/components/i18n/use-error-message";

/**
 * Exchanges the pending sign-in the SSO callback left for a session, as the
 * other sign-in steps do. From script on purpose: the pending cookie is
 * SameSite=Strict, and the navigation that brought the browser here began at
 * the identity provider, so only this page's own request carries it.
 */
export function SsoFinish() {
  const t = useTranslations("sso");
  const errorMessage = useErrorMessage();
  const [failed, setFailed] = useState<string>();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void signIn("pending", { code: "", redirect: false }).then((result) => {
      if (result?.ok && !result.error) {
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full page load on purpose: every server component must see the new session cookie
        window.location.assign("/apps");
        return;
      }
      // The server's reason, worded in the reader's language when shown.
      setFailed(result?.error || "CredentialsSignin");
    });
  }, []);
  if (!failed) return <p className="text-sm text-slate-600">{t("signingIn")}</p>;
  return (
    <>
      <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
        {failed === "CredentialsSignin" ? t("expired") : errorMessage(failed)}
      </p>
      <p className="text-center text-sm">
        <a href="/sign-in" className="text-indigo-700 hover:underline">
          {t("backToSignIn")}
        </a>
      </p>
    </>
  );
}
