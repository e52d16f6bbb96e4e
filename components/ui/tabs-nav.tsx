"use client";
// A client component: it hands NavLink a function, which a server component cannot.
import { cn } from "@/components/ui/cn";
import { NavLink } from "@/components/ui/nav-link";

export function TabsNav({ label, tabs }: { label: string; tabs: { href: string; label: string; exact?: boolean }[] }) {
  return (
    <nav aria-label={label} className="flex gap-1 overflow-x-auto border-b border-slate-200">
      {tabs.map((tab) => (
        <NavLink
          key={tab.href}
          href={tab.href}
          exact={tab.exact}
          className={(active) =>
            cn(
              "border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
              active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )
          }
        >
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}
