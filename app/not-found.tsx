import Link from "next/link";
import { useTranslations } from "next-intl";

export default function NotFound() {
  const t = useTranslations("notFound");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="text-center">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-2 text-sm text-slate-600">{t("body")}</p>
        <Link href="/apps" className="mt-4 inline-block text-sm text-indigo-700 hover:underline">
          {t("toApps")}
        </Link>
      </div>
    </main>
  );
}
