import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requirePageOperator } from "@/lib/auth/session";
import { Badge } from "@/components/ui/badge";
import { ToastProvider } from "@/components/ui/toast";
import { SidebarNav } from "@/components/console/sidebar-nav";
import { SignOutButton } from "@/components/console/sign-out-button";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const operator = await requirePageOperator("console.read");
  const t = await getTranslations("nav");
  const role = await getTranslations("roles");
  const items = [
    { href: "/apps", label: t("apps") },
    { href: "/audit", label: t("audit") },
    ...(operator.can("operators.manage") ? [{ href: "/operators", label: t("operators") }] : []),
    ...(operator.can("system.read") ? [{ href: "/system", label: t("system") }] : []),
  ];
  return (
    <ToastProvider>
      <div className="min-h-screen md:flex">
        <aside className="border-b border-slate-200 bg-white md:sticky md:top-0 md:flex md:h-screen md:w-60 md:shrink-0 md:flex-col md:border-r md:border-b-0">
          <div className="flex items-center justify-between gap-2 px-4 py-3 md:block md:py-5">
            <Link href="/apps" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
              {/* eslint-disable-next-line @next/next/no-img-element -- decorative (the text names the link); next/image adds nothing to a small SVG */}
              <img src="/icon.svg" alt="" width={28} height={28} />
              Tessera
            </Link>
          </div>
          <div className="overflow-x-auto px-2 pb-2 md:flex-1">
            <SidebarNav items={items} />
          </div>
          <div className="hidden border-t border-slate-100 px-4 py-3 text-sm md:block">
            <Link href="/profile" className="block truncate font-medium hover:underline" title={t("profile")}>
              {operator.email}
            </Link>
            <div className="mt-1 flex items-center justify-between">
              <Badge tone="indigo">{role(operator.role)}</Badge>
              <SignOutButton />
            </div>
          </div>
        </aside>
        <div className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-2 text-sm md:hidden">
          <Link href="/profile" className="truncate hover:underline">
            {operator.email} · {role(operator.role)}
          </Link>
          <SignOutButton />
        </div>
        <main className="min-w-0 flex-1 px-4 py-6 md:px-8 md:py-8">{children}</main>
      </div>
    </ToastProvider>
  );
}
