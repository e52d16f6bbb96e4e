"use client";
import { useTranslations } from "next-intl";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const t = useTranslations("nav");
  return (
    <Button
      variant="ghost"
      size="sm"
      onClick={async () => {
        // Navigate ourselves: next-auth would build the URL from NEXTAUTH_URL, which may name another host.
        await signOut({ redirect: false });
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full page load on purpose: the router cache holds pages rendered for the old session
        window.location.assign("/sign-in");
      }}
    >
      {t("signOut")}
    </Button>
  );
}
