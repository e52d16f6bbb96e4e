import "server-only";
import { cookies, headers } from "next/headers";
import { servedOverHttps } from "@/lib/auth/https";

// The browser's half of a pending sign-in (lib/data/pending-sign-ins.ts):
// HttpOnly, so page scripts cannot read it; SameSite=Strict, because only
// Tessera's own sign-in pages use it; gone when the sign-in finishes.

const MAX_AGE_SECONDS = 10 * 60;

async function cookieName(): Promise<string> {
  return servedOverHttps((await headers()).get("x-forwarded-proto"))
    ? "__Host-tessera.pending-sign-in"
    : "tessera.pending-sign-in";
}

export async function setPendingCookie(token: string): Promise<void> {
  const secure = servedOverHttps((await headers()).get("x-forwarded-proto"));
  (await cookies()).set(await cookieName(), token, {
    httpOnly: true,
    sameSite: "strict",
    secure,
    path: "/",
    maxAge: MAX_AGE_SECONDS,
  });
}

export async function readPendingCookie(): Promise<string | undefined> {
  return (await cookies()).get(await cookieName())?.value;
}

export async function clearPendingCookie(): Promise<void> {
  (await cookies()).delete(await cookieName());
}
