import type { FORMATS } from "@/lib/i18n/formats";
import type { Locale } from "@/lib/i18n/locales";
import type messages from "@/lib/i18n/messages/en.json";

// Type-checks every message key and format name the code uses against the
// English catalog (tests/unit/i18n-catalogs.test.ts holds the others to it).
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof messages;
    Formats: typeof FORMATS;
  }
}
