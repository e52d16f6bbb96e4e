import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

/** Joins class names; where two Tailwind classes conflict the later one wins (a caller's `px-2` over a default `px-3.5`), whatever their order in the CSS. */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
