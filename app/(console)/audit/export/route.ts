import { requireOperator } from "@/lib/auth/session";
import { visibleApps } from "@/lib/auth/permissions";
import { streamAuditEvents } from "@/lib/data/audit-log";
import { AppError, publicMessage } from "@/lib/errors";
import { csvStream } from "@/lib/csv";
import { auditFilter } from "@/lib/validations/audit";

export async function GET(request: Request) {
  try {
    const operator = await requireOperator("audit.read");
    const filter = {
      ...auditFilter(Object.fromEntries(new URL(request.url).searchParams)),
      visibleApps: visibleApps(operator.access),
    };
    const header = [
      "id",
      "at",
      "actorType",
      "actor",
      "ip",
      "action",
      "target",
      "sdkAppId",
      "result",
      "code",
      "details",
      "count",
      "lastAt",
    ];
    const stream = csvStream(header, streamAuditEvents(filter), (e) => [
      String(e.id),
      e.at.toISOString(),
      e.actorType,
      e.actor,
      e.ip,
      e.action,
      e.target,
      e.sdkAppId === null ? "" : String(e.sdkAppId),
      e.result,
      e.code === null ? "" : String(e.code),
      e.details,
      String(e.count),
      e.lastAt?.toISOString() ?? "",
    ]);
    return new Response(stream, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="audit.csv"',
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return new Response(publicMessage(error), { status: error instanceof AppError ? error.status : 500 });
  }
}
