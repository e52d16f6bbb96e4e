"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

export function CopyButton({ value, label }: { value: string; label?: string }) {
  const t = useTranslations("common");
  const [copied, setCopied] = useState(false);
  const name = label ?? t("copy");
  const toast = useToast();
  return (
    <Button
      variant="secondary"
      size="sm"
      aria-label={name}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          toast.success(t("copiedToast"));
          setTimeout(() => setCopied(false), 2000);
        } catch {
          toast.error(t("copyRefused"));
        }
      }}
    >
      {copied ? t("copied") : name}
    </Button>
  );
}
