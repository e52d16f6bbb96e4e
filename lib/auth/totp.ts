import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";

// TOTP (RFC 6238) as every authenticator app does it: SHA-1, 30-second
// steps, 6 digits. The library computes the codes; this file only decides
// which steps count (the current one and one either side, for clocks a
// little off) and reports the step that matched, so the caller can accept
// each step once.

const PERIOD_SECONDS = 30;
const DIGITS = 6;
const ISSUER = "Tessera";

export const TOTP_CODE = /^\d{6}$/;

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommendation). */
export function newTotpSecret(): Uint8Array {
  return new Uint8Array(randomBytes(20));
}

/** The secret as authenticator apps take it typed in: base32, grouped by four for reading. */
export function formatTotpSecret(secret: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(secret).replace(/(.{4})(?=.)/g, "$1 ");
}

/** The otpauth:// URI a QR code carries. */
export function totpKeyUri(accountName: string, secret: Uint8Array): string {
  return createTOTPKeyURI(ISSUER, accountName, secret, PERIOD_SECONDS, DIGITS);
}

export function currentStep(nowMs = Date.now()): number {
  return Math.floor(nowMs / 1000 / PERIOD_SECONDS);
}

/** The time step (current ±1) whose code `code` is, or null. Every candidate is compared, in constant time. */
export function matchingStep(secret: Uint8Array, code: string, nowMs = Date.now()): number | null {
  if (!TOTP_CODE.test(code)) return null;
  const now = currentStep(nowMs);
  let matched: number | null = null;
  for (const step of [now - 1, now, now + 1]) {
    const expected = Buffer.from(generateHOTP(secret, BigInt(step), DIGITS));
    if (timingSafeEqual(expected, Buffer.from(code)) && matched === null) matched = step;
  }
  return matched;
}

/** A code for a step (tests, and nothing else, need to make one). */
export function totpCodeAt(secret: Uint8Array, nowMs = Date.now()): string {
  return generateHOTP(secret, BigInt(currentStep(nowMs)), DIGITS);
}
