"use client";
import { useState } from "react";
import { EXPIRE_PRESETS } from "@/lib/validations/tickets";
import { Input } from "@/components/ui/field";

type Preset = { label: string; seconds: number };

/** Preset or custom validity, up to `max` seconds when the operator's role is limited; reports seconds. */
export function ValidityField({
  value,
  onChange,
  error,
  max,
  presets: all = EXPIRE_PRESETS.map((p) => ({ label: p.label, seconds: p.seconds })),
}: {
  value: number;
  onChange: (seconds: number) => void;
  error?: string;
  max?: number;
  presets?: Preset[];
}) {
  const presets = max === undefined ? all : all.filter((preset) => preset.seconds <= max);
  const [custom, setCustom] = useState(!presets.some((p) => p.seconds === value));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Validity</legend>
      <div className="flex flex-wrap gap-3">
        {presets.map((preset) => (
          <label key={preset.seconds} className="flex items-center gap-1.5 text-sm">
            <input
              type="radio"
              name="validity"
              checked={!custom && value === preset.seconds}
              onChange={() => {
                setCustom(false);
                onChange(preset.seconds);
              }}
            />
            {preset.label}
          </label>
        ))}
        <label className="flex items-center gap-1.5 text-sm">
          <input type="radio" name="validity" checked={custom} onChange={() => setCustom(true)} />
          Custom
        </label>
      </div>
      {custom && (
        <Input
          label="Validity in seconds"
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
          Your role may issue tickets valid for at most{" "}
          {Math.floor(max / 86_400) >= 1 ? `${Math.floor(max / 86_400)} day(s)` : `${max} seconds`}, and none for an app
          admin.
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
