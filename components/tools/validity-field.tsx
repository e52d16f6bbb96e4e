"use client";
import { useState } from "react";
import { EXPIRE_PRESETS } from "@/lib/validations/tickets";
import { Input } from "@/components/ui/field";

/** Preset or custom validity; reports seconds. */
export function ValidityField({ value, onChange, error, presets = EXPIRE_PRESETS.map((p) => ({ label: p.label, seconds: p.seconds })) }: { value: number; onChange: (seconds: number) => void; error?: string; presets?: { label: string; seconds: number }[] }) {
  const [custom, setCustom] = useState(!presets.some((p) => p.seconds === value));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Validity</legend>
      <div className="flex flex-wrap gap-3">
        {presets.map((preset) => (
          <label key={preset.seconds} className="flex items-center gap-1.5 text-sm">
            <input type="radio" name="validity" checked={!custom && value === preset.seconds} onChange={() => { setCustom(false); onChange(preset.seconds); }} />
            {preset.label}
          </label>
        ))}
        <label className="flex items-center gap-1.5 text-sm">
          <input type="radio" name="validity" checked={custom} onChange={() => setCustom(true)} />
          Custom
        </label>
      </div>
      {custom && <Input label="Validity in seconds" type="number" min={1} value={String(value)} onChange={(event) => onChange(Number(event.target.value))} error={error} />}
      {!custom && error && <p className="text-sm text-red-600" role="alert">{error}</p>}
    </fieldset>
  );
}
