import { cn } from "@/components/ui/cn";

/**
 * One UserSig tool: its fields (a form when it has `onSubmit`) beside the
 * outcome, which screen readers hear as it changes. Until there is an
 * outcome, `placeholder` says what will appear there.
 */
export function ToolPanel({
  onSubmit,
  result,
  placeholder,
  children,
}: {
  onSubmit?: () => void;
  result: React.ReactNode;
  placeholder?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      {onSubmit ? (
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit();
          }}
        >
          {children}
        </form>
      ) : (
        <div className="space-y-4">{children}</div>
      )}
      <div className="space-y-4" aria-live="polite">
        {result ||
          (placeholder && (
            <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
              {placeholder}
            </p>
          ))}
      </div>
    </div>
  );
}

/** A tool's verdict: accepted (a green status) or refused (a red alert), its headline first. */
export function ToolOutcome({
  ok,
  title,
  testId,
  children,
}: {
  ok: boolean;
  title: string;
  testId?: string;
  children: React.ReactNode;
}) {
  return (
    <div
      role={ok ? "status" : "alert"}
      data-testid={testId}
      className={cn(
        "space-y-2 rounded-md border p-4 text-sm",
        ok ? "border-emerald-200 bg-emerald-50" : "border-red-200 bg-red-50",
      )}
    >
      <p className={cn("font-semibold", ok ? "text-emerald-800" : "text-red-800")}>{title}</p>
      {children}
    </div>
  );
}
