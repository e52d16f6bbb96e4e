import Link from "next/link";
import { useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import { EmptyState, PageHeader } from "@/components/ui/card";

export async function generateMetadata() {
  return { title: (await getTranslations("forbidden"))("title") };
}

export default function ForbiddenPage() {
  const t = useTranslations("forbidden");
  return (
    <>
      <PageHeader title={t("title")} />
      <EmptyState title={t("heading")}>
        {t.rich("body", {
          apps: (chunks) => (
            <Link className="text-indigo-700 underline" href="/apps">
              {chunks}
            </Link>
          ),
        })}
      </EmptyState>
    </>
  );
}
