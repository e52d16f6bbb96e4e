import { z } from "zod";
import { LOCALES } from "@/lib/i18n/locales";

/** The sign-in page's language switch: one of the console's languages. */
export const chooseLocaleSchema = z.object({ locale: z.enum(LOCALES) });

/** The profile's language choice: one of the console's languages, or null to follow the browser. */
export const setLocaleSchema = z.object({ locale: z.enum(LOCALES).nullable() });
