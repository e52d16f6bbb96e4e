import { getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { keyUsage, listKeys } from "@/lib/data/keys";
import { KeysClient } from "@/app/(console)/apps/[sdkAppId]/keys/keys-client";

export async function generateMetadata() {
  return { title: (await getTranslations("keys"))("title") };
}

export default async function KeysPage({ params }: { params: Promise<{ sdkAppId: string }> }) {
  const sdkAppId = Number((await params).sdkAppId);
  const operator = await requirePageOperator("console.read", sdkAppId);
  const [keys, usage] = await Promise.all([listKeys(sdkAppId), keyUsage(sdkAppId)]);
  return (
    <KeysClient
      sdkAppId={sdkAppId}
      canReveal={operator.can("keys.reveal")}
      canWrite={operator.can("keys.write")}
      keys={keys.map((key) => ({
        version: key.version,
        status: key.status,
        createdAt: key.createdAt.toISOString(),
        verifyUntil: key.verifyUntil?.toISOString() ?? null,
        signed: usage.get(key.version)?.count ?? 0,
        lastSignedAt: usage.get(key.version)?.lastIssuedAt?.toISOString() ?? null,
      }))}
    />
  );
}
