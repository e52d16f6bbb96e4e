"use client";
import { useEffect, useId, useRef } from "react";

/** A modal on the native <dialog>: focus trap, Escape to close and a backdrop come with it. */
export function Dialog({ open, onClose, title, description, children }: { open: boolean; onClose: () => void; title: string; description?: React.ReactNode; children: React.ReactNode }) {
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
            <h2 id={`${id}-title`} className="text-lg font-semibold">{title}</h2>
            {description && <div className="mt-1 text-sm text-slate-600">{description}</div>}
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}
