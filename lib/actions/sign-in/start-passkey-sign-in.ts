"use server";
import { headers } from "next/headers";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { clientIp } from "@/lib/client-ip";
import { authenticationOptions } from "@/lib/data/passkeys";
import { countAttempts } from "@/lib/data/throttle";
import { tooMany } from "@/lib/data/sign-in-throttle";
import type { ActionResult } from "@/lib/actions/result";
import { AppError, GENERIC_ERROR_MESSAGE } from "@/lib/errors";

// Anyone may ask, so each client may ask only so often: every request stores
// a challenge (until it is spent or expires), and the rows must stay few.
const OPTIONS_PER_CLIENT = { limit: 30, windowSeconds: 300, blockSeconds: 300 };

/** "Sign in with a passkey", before anything else: the options for the browser's discoverable-passkey ceremony. */
export async function startPasskeySignInAction(): Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>> {
  try {
    const ip = clientIp((await headers()).get("x-forwarded-for"));
    const [wait] = await countAttempts([{ key: `passkey-options:ip:${ip}`, policy: OPTIONS_PER_CLIENT }]);
    if (wait! > 0) throw tooMany("Too many passkey sign-ins.", wait!);
    return { ok: true, data: await authenticationOptions(null) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    console.error("passkey sign-in options failed", error instanceof Error ? error.name : "unknown error");
    return { ok: false, error: GENERIC_ERROR_MESSAGE };
  }
}
