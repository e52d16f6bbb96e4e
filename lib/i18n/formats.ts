import type { Formats } from "next-intl";

/** The console shows every time in UTC, as it always has, with the zone named. */
export const TIME_ZONE = "UTC";

export const FORMATS = {
  dateTime: {
    full: {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    },
    day: { year: "numeric", month: "short", day: "numeric" },
  },
} satisfies Formats;
