"use client";
import { useTranslations } from "next-intl";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Input } from "@/components/ui/field";

/** The operator's own password, which every change of keys or sign-in factors asks for again. */
export function CurrentPasswordInput({ error }: { error?: string }) {
  const t = useTranslations("common");
  return (
    <Input
      label={t("yourPassword")}
      name="password"
      type="password"
      autoComplete="current-password"
      required
      error={error}
    />
  );
}

/** An inline form's submit button and its Cancel. */
export function SubmitOrCancel({
  label,
  variant = "primary",
  pending,
  onCancel,
}: {
  label: string;
  variant?: ButtonVariant;
  pending: boolean;
  onCancel: () => void;
}) {
  const t = useTranslations("common");
  return (
    <div className="flex gap-2">
      <Button type="submit" variant={variant} pending={pending}>
        {label}
      </Button>
      <Button variant="secondary" onClick={onCancel}>
        {t("cancel")}
      </Button>
    </div>
  );
}
