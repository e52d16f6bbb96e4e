import { Children } from "react";
import { cn } from "@/components/ui/cn";

/** A column heading: its text, or the text with classes (`text-right`), or a name only screen readers hear. */
export type Column = string | { label: string; className?: string; srOnly?: boolean };

/**
 * A table in a box that scrolls when the table is wider (or, with a max
 * height in `className`, taller) than the page. The box takes focus, so
 * keyboard users can scroll it too, and is named after the table; it is a
 * group, not a region, so it adds no landmark beside the card around it.
 *
 * With `columns`, the children are the body's rows, and `empty` stands in
 * for the whole table when there are none. Without, the children are the
 * table's own thead and tbody.
 */
export function Table({
  label,
  columns,
  empty,
  className,
  children,
}: {
  label: string;
  columns?: Column[];
  empty?: React.ReactNode;
  className?: string;
  children: React.ReactNode;
}) {
  if (empty !== undefined && Children.count(children) === 0) return empty;
  return (
    <div
      role="group"
      aria-label={label}
      tabIndex={0}
      className={cn(
        "overflow-x-auto rounded-lg border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
        className,
      )}
    >
      <table aria-label={label} className="min-w-full divide-y divide-slate-200 text-sm">
        {columns ? (
          <>
            <thead>
              <tr>
                {columns.map((column) => {
                  const heading: Exclude<Column, string> = typeof column === "string" ? { label: column } : column;
                  return (
                    <Th key={heading.label} className={heading.className}>
                      {heading.srOnly ? <span className="sr-only">{heading.label}</span> : heading.label}
                    </Th>
                  );
                })}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">{children}</tbody>
          </>
        ) : (
          children
        )}
      </table>
    </div>
  );
}

export function Th({ children, className }: { children?: React.ReactNode; className?: string }) {
  return (
    <th
      scope="col"
      className={cn(
        "bg-slate-50 px-4 py-2.5 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase",
        className,
      )}
    >
      {children}
    </th>
  );
}

export function Td({ children, className }: { children?: React.ReactNode; className?: string }) {
  return <td className={cn("px-4 py-2.5 align-top text-slate-800", className)}>{children}</td>;
}
