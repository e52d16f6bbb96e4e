import type { useFormatter } from "next-intl";

/** next-intl's formatter for the request's language: `useFormatter()` in components, `await getFormatter()` in async ones. */
export type Formatter = ReturnType<typeof useFormatter>;

/** One date format across the console, in the operator's language: UTC, with the zone named. */
export function formatDate(format: Formatter, value: Date | string | number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  return format.dateTime(date, "full");
}

/** A validity in its largest whole unit, for the catalogs' `duration` message: `t("duration", durationParts(s))`. */
export function durationParts(seconds: number): { unit: "day" | "hour" | "minute" | "second"; count: number } {
  if (seconds % 86_400 === 0) return { unit: "day", count: seconds / 86_400 };
  if (seconds % 3600 === 0) return { unit: "hour", count: seconds / 3600 };
  if (seconds % 60 === 0) return { unit: "minute", count: seconds / 60 };
  return { unit: "second", count: seconds };
}
