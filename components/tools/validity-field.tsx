"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { EXPIRE_PRESETS } from "@/lib/validations/tickets";
import { Input } from "@/components/ui/field";
import { durationParts } from "@/components/ui/format";

/** Preset or custom validity, up to `max` seconds when the operator's role is limited; reports seconds. */
export function ValidityField({
  value,
  onChange,
  error,
  max,
  presets: all = EXPIRE_PRESETS,
}: {
  value: number;
  onChange: (seconds: number) => void;
  error?: string;
  max?: number;
  /** Validities offered as choices, in seconds. */
  presets?: readonly number[];
}) {
  const t = useTranslations("tools");
  const units = useTranslations("units");
  const presets = max === undefined ? all : all.filter((seconds) => seconds <= max);
  const [custom, setCustom] = useState(!presets.includes(value));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">{t("validity")}</legend>
      <div className="flex flex-wrap gap-3">
        {presets.map((seconds) => (
          <label key={seconds} className="flex items-center gap-1.5 text-sm">
            <input
              type="radio"
              name="validity"
              checked={!custom && value === seconds}
              onChange={() => {
                setCustom(false);
                onChange(seconds);
              }}
            />
            {units("duration", durationParts(seconds))}
          </label>
        ))}
        <label className="flex items-center gap-1.5 text-sm">
          <input type="radio" name="validity" checked={custom} onChange={() => setCustom(true)} />
          {t("custom")}
        </label>
      </div>
      {custom && (
        <Input
          label={t("validitySeconds")}
          type="number"
          min={1}
          max={max}
          value={String(value)}
          onChange={(event) => onChange(Number(event.target.value))}
          error={error}
        />
      )}
      {max !== undefined && (
        <p className="text-sm text-slate-600">
          {t("roleLimit", {
            max: units(
              "duration",
              max >= 86_400 ? { unit: "day", count: Math.floor(max / 86_400) } : { unit: "second", count: max },
            ),
          })}
        </p>
      )}
      {!custom && error && (
        <p className="text-sm text-red-600" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
