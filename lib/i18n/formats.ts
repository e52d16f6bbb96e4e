import type { Formats } from "next-intl";

/** The console shows every time in UTC, as it always has, with the zone named. */
export const TIME_ZONE = "UTC";

export const FORMATS = {
  dateTime: {
    // "Dec 7, 2026, 11:59:50 UTC", "2026年12月7日 UTC 11:59:50"
    full: { dateStyle: "medium", timeStyle: "long", hourCycle: "h23" },
    // A chart's day: "Dec 7", "12月7日"
    day: { month: "short", day: "numeric" },
  },
} satisfies Formats;
