"use client";
// A client component: it hands NavLink a function, which a server component cannot.
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { NavLink } from "@/components/ui/nav-link";

export function SidebarNav({ items }: { items: { href: string; label: string }[] }) {
  const t = useTranslations("nav");
  return (
    <nav aria-label={t("main")} className="flex gap-1 md:flex-col">
      {items.map((item) => (
        <NavLink
          key={item.href}
          href={item.href}
          className={(active) =>
            cn(
              "rounded-md px-3 py-2 text-sm font-medium",
              active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100",
            )
          }
        >
          {item.label}
        </NavLink>
      ))}
    </nav>
  );
}
