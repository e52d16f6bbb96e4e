import { headers } from "next/headers";
import { requirePageOperator } from "@/lib/auth/session";
import { openApiDocument } from "@/lib/api/docs/openapi";
import { Card } from "@/components/ui/card";
import { ApiReference } from "@/components/api-docs/api-reference";

export const metadata = { title: "API reference" };

export default async function ApiPage({ params }: { params: Promise<{ sdkAppId: string }> }) {
  const sdkAppId = Number((await params).sdkAppId);
  await requirePageOperator("console.read", sdkAppId);
  const requestHeaders = await headers();
  const baseUrl = `${requestHeaders.get("x-forwarded-proto") ?? "http"}://${requestHeaders.get("host") ?? "localhost:3000"}`;
  return (
    <Card
      title="API reference"
      description="Login and REST endpoints for this application, with curl examples. The OpenAPI document is at /api/openapi.json."
    >
      <ApiReference spec={openApiDocument()} sdkAppId={sdkAppId} baseUrl={baseUrl} />
    </Card>
  );
}
