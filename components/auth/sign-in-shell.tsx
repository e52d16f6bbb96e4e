/** The frame of every sign-in page: the logo, the step's heading, its form, and what goes under it. */
export function SignInShell({
  title,
  footer,
  children,
}: {
  title: string;
  footer?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <p className="flex items-center justify-center gap-2 text-2xl font-semibold tracking-tight">
            {/* eslint-disable-next-line @next/next/no-img-element -- decorative; next/image adds nothing to a small SVG */}
            <img src="/icon.svg" alt="" width={32} height={32} />
            Tessera
          </p>
          <h1 className="mt-1 text-sm text-slate-600">{title}</h1>
        </div>
        <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
        {footer}
      </div>
    </main>
  );
}
