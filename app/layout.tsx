import type { Metadata } from "next";
import { connection } from "next/server";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("layout");
  return {
    title: { default: "Tessera", template: "%s · Tessera" },
    description: t("description"),
    // Served from public/ (icon.svg is the source; the PNGs and favicon.ico are rendered from it).
    icons: {
      icon: [
        { url: "/icon.svg", type: "image/svg+xml" },
        { url: "/favicon.ico", sizes: "32x32" },
      ],
      apple: "/apple-touch-icon.png",
    },
  };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, so its scripts carry that request's
  // CSP nonce (set by the server, lib/server/http-server.ts); a page prerendered at build time would carry none
  // and its scripts would be refused. Only "/" (a redirect) and the 404 page
  // were static; every other page reads the session anyway.
  await connection();
  return (
    <html lang={await getLocale()}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        {/* Hands the request's language, messages and time zone to client components. */}
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
