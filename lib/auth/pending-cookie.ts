import "server-only";
import { signInCookie } from "@/lib/auth/sign-in-cookie";

// The browser's half of a pending sign-in (lib/data/pending-sign-ins.ts):
// SameSite=Strict, because only Tessera's own sign-in pages use it; gone
// when the sign-in finishes.

const pending = signInCookie("pending-sign-in", "strict");

export const setPendingCookie = pending.set;
export const readPendingCookie = pending.read;
export const clearPendingCookie = pending.clear;
