import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { openApiDocument } from "@/lib/api/docs/openapi";
import { Card } from "@/components/ui/card";
import { ApiReference } from "@/components/api-docs/api-reference";

export async function generateMetadata() {
  return { title: (await getTranslations("api"))("title") };
}

export default async function ApiPage({ params }: { params: Promise<{ sdkAppId: string }> }) {
  const sdkAppId = Number((await params).sdkAppId);
  await requirePageOperator("console.read", sdkAppId);
  const requestHeaders = await headers();
  const baseUrl = `${requestHeaders.get("x-forwarded-proto") ?? "http"}://${requestHeaders.get("host") ?? "localhost:3000"}`;
  const t = await getTranslations("api");
  return (
    <Card title={t("title")} description={t("description", { path: "/api/openapi.json" })}>
      <ApiReference spec={openApiDocument()} sdkAppId={sdkAppId} baseUrl={baseUrl} />
    </Card>
  );
}
