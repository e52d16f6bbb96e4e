"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const toast = useToast();
  return (
    <Button
      variant="secondary"
      size="sm"
      aria-label={label}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          toast.success("Copied to the clipboard.");
          setTimeout(() => setCopied(false), 2000);
        } catch {
          toast.error("The browser refused clipboard access; select the text and copy it.");
        }
      }}
    >
      {copied ? "Copied" : label}
    </Button>
  );
}
