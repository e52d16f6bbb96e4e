import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getSession } from "@/lib/auth/session";
import { LOCALE_COOKIE, type Locale } from "@/lib/i18n/locales";
import { chooseLocale } from "@/lib/i18n/negotiate";
import { FORMATS, TIME_ZONE } from "@/lib/i18n/formats";

// next-intl without i18n routing (next.config.ts names this file): URLs stay
// as they are, and each request's language comes from the operator, the
// cookie or the browser. getSession is cached per request, so the page that
// reads it too pays nothing more.
export default getRequestConfig(async () => {
  const session = await getSession();
  const locale = chooseLocale({
    saved: session?.locale,
    cookie: (await cookies()).get(LOCALE_COOKIE)?.value,
    acceptLanguage: (await headers()).get("accept-language"),
  });
  return { locale, messages: await loadMessages(locale), timeZone: TIME_ZONE, formats: FORMATS };
});

async function loadMessages(locale: Locale) {
  return (await import(`./messages/${locale}.json`)).default;
}
