import { useId } from "react";
import { cn } from "@/components/ui/cn";

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-500 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 disabled:bg-slate-100 aria-[invalid=true]:border-red-500";

type FieldProps = { label: string; error?: string; hint?: string; className?: string };

/** What every control gets from its Field: its id and the screen-reader wiring of its hint or error. */
type ControlWiring = { id: string; "aria-invalid"?: true; "aria-describedby"?: string };

/** The one shell of every labelled control: label above, hint or inline error below. */
function Field({
  label,
  error,
  hint,
  className,
  children,
}: FieldProps & { children: (wiring: ControlWiring) => React.ReactNode }) {
  const id = useId();
  const noteId = `${id}-note`;
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": error || hint ? noteId : undefined,
      })}
      <Note id={noteId} error={error} hint={hint} />
    </div>
  );
}

/** A labelled control with its hint and inline error wired up for screen readers. */
export function Input({
  label,
  error,
  hint,
  className,
  ...props
}: FieldProps & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(wiring) => <input {...wiring} className={cn(control, props.readOnly && "bg-slate-50 font-mono")} {...props} />}
    </Field>
  );
}

export function Select({
  label,
  error,
  hint,
  className,
  children,
  ...props
}: FieldProps & React.SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(wiring) => (
        <select {...wiring} className={control} {...props}>
          {children}
        </select>
      )}
    </Field>
  );
}

export function Textarea({
  label,
  error,
  hint,
  className,
  ...props
}: FieldProps & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(wiring) => <textarea {...wiring} className={cn(control, "font-mono break-all")} {...props} />}
    </Field>
  );
}

function Note({ id, error, hint }: { id: string; error?: string; hint?: string }) {
  if (error)
    return (
      <p id={id} className="text-sm text-red-600" role="alert">
        {error}
      </p>
    );
  if (hint)
    return (
      <p id={id} className="text-xs text-slate-500">
        {hint}
      </p>
    );
  return null;
}
