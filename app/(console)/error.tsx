"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";

// Unexpected failures only; their details stay in the server log.
export default function ConsoleError({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("errorPage");
  return (
    <EmptyState title={t("title")}>
      <p>{t("body")}</p>
      <Button className="mt-4" variant="secondary" onClick={reset}>
        {t("retry")}
      </Button>
    </EmptyState>
  );
}
