import type { AuditFilter } from "@/lib/data/audit-log";
import { MAX_SDKAPPID, isStorable } from "@/lib/validations/common";
import { isAuditAction } from "@/lib/audit-actions";

export type AuditSearchParams = {
  app?: string;
  actor?: string;
  action?: string;
  result?: string;
  from?: string;
  to?: string;
  before?: string;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Turns the page's query string into a filter; bad values are ignored rather than failing the page. */
export function auditFilter(params: AuditSearchParams, fixedApp?: number): AuditFilter {
  const app =
    fixedApp ??
    (params.app && /^\d{1,10}$/.test(params.app) && Number(params.app) <= MAX_SDKAPPID
      ? Number(params.app)
      : undefined);
  return {
    sdkAppId: app,
    actor: params.actor && params.actor.length <= 254 && isStorable(params.actor) ? params.actor : undefined,
    action: params.action && isAuditAction(params.action) ? params.action : undefined,
    result: ["ok", "denied", "rejected", "error"].includes(params.result ?? "") ? params.result : undefined,
    from: params.from && DAY.test(params.from) ? new Date(`${params.from}T00:00:00Z`) : undefined,
    to:
      params.to && DAY.test(params.to)
        ? new Date(new Date(`${params.to}T00:00:00Z`).getTime() + 86_400_000)
        : undefined,
  };
}
