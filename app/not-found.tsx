import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="text-center">
        <h1 className="text-2xl font-semibold">Not found</h1>
        <p className="mt-2 text-sm text-slate-600">This page, application or account does not exist.</p>
        <Link href="/apps" className="mt-4 inline-block text-sm text-indigo-700 hover:underline">
          Go to Applications
        </Link>
      </div>
    </main>
  );
}
