"use client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";

// Unexpected failures only; their details stay in the server log.
export default function ConsoleError({ reset }: { error: Error; reset: () => void }) {
  return (
    <EmptyState title="This page could not be loaded.">
      <p>Something went wrong on our side. Nothing was changed.</p>
      <Button className="mt-4" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </EmptyState>
  );
}
