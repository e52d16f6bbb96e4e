import { requireOperator } from "@/lib/auth/session";
import { findApp } from "@/lib/data/apps";
import { streamAccounts } from "@/lib/data/account-directory";
import { AppError, publicMessage } from "@/lib/errors";
import { csvStream } from "@/lib/csv";

export async function GET(_request: Request, { params }: { params: Promise<{ sdkAppId: string }> }) {
  try {
    const sdkAppId = Number((await params).sdkAppId);
    await requireOperator("accounts.export", sdkAppId);
    const app = await findApp(sdkAppId);
    if (!app) return new Response("Application not found.", { status: 404 });
    const stream = csvStream(
      ["userId", "externalId", "nickname", "faceUrl", "disabled", "createdAt"],
      streamAccounts(app.sdkAppId),
      (a) => [a.userId, a.externalId ?? "", a.nickname, a.faceUrl, String(a.disabled), a.createdAt.toISOString()],
    );
    return new Response(stream, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="accounts-${app.sdkAppId}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return new Response(publicMessage(error), { status: error instanceof AppError ? error.status : 500 });
  }
}
