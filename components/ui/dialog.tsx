"use client";
import { useEffect, useId, useRef } from "react";
import { useTranslations } from "next-intl";
import { Button, type ButtonVariant } from "@/components/ui/button";

/** A modal on the native <dialog>: focus trap, Escape to close and a backdrop come with it. */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      {open && (
        <div className="space-y-4 p-6">
          <div>
            <h2 id={`${id}-title`} className="text-lg font-semibold">
              {title}
            </h2>
            {description && <div className="mt-1 text-sm text-slate-600">{description}</div>}
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}

/** Cancel, then the dialog's own action. */
function DialogFooter({ onCancel, children }: { onCancel: () => void; children: React.ReactNode }) {
  const t = useTranslations("common");
  return (
    <div className="flex justify-end gap-2">
      <Button variant="secondary" onClick={onCancel}>
        {t("cancel")}
      </Button>
      {children}
    </div>
  );
}

/**
 * A dialog around one form: its fields, then Cancel and the submit button.
 * `onSubmit` gets the form's data; the dialog closes when it resolves to
 * something truthy (an action's result), and stays open on null so the
 * inline errors can be read.
 */
export function FormDialog({
  open,
  onClose,
  title,
  description,
  submitLabel,
  submitVariant,
  submitDisabled,
  pending,
  autoComplete,
  onSubmit,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: React.ReactNode;
  submitLabel: string;
  submitVariant?: ButtonVariant;
  submitDisabled?: boolean;
  pending: boolean;
  autoComplete?: "off";
  onSubmit: (form: FormData) => unknown;
  children: React.ReactNode;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={title} description={description}>
      <form
        className="space-y-4"
        autoComplete={autoComplete}
        onSubmit={async (event) => {
          event.preventDefault();
          if (await onSubmit(new FormData(event.currentTarget))) onClose();
        }}
      >
        {children}
        <DialogFooter onCancel={onClose}>
          <Button type="submit" variant={submitVariant} disabled={submitDisabled} pending={pending}>
            {submitLabel}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}

/** A question before a destructive step: Cancel, or the danger button, which runs `onConfirm` and then closes. */
export function ConfirmDialog({
  open,
  onClose,
  title,
  description,
  confirmLabel,
  pending,
  onConfirm,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  pending: boolean;
  onConfirm: () => Promise<unknown>;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={title} description={description}>
      <DialogFooter onCancel={onClose}>
        <Button
          variant="danger"
          pending={pending}
          onClick={async () => {
            await onConfirm();
            onClose();
          }}
        >
          {confirmLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
