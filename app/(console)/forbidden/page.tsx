import Link from "next/link";
import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Not allowed" };

export default function ForbiddenPage() {
  return (
    <>
      <PageHeader title="Not allowed" />
      <EmptyState title="Your role does not allow this page.">
        Ask an owner for another role, or go back to{" "}
        <Link className="text-indigo-700 underline" href="/apps">
          Applications
        </Link>
        .
      </EmptyState>
    </>
  );
}
