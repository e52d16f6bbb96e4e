// The environment every test process and test server shares: fixed-format
// secrets made fresh for each run, never the developer's .env.local.
import { randomBytes } from "node:crypto";

export const TEST_OWNER = { email: "owner@tessera.test", password: "correct horse battery staple 42" } as const;

export function testSecrets(): Record<string, string> {
  return {
    TESSERA_MASTER_KEY: process.env.TESSERA_MASTER_KEY ?? randomBytes(32).toString("hex"),
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(32).toString("base64url"),
    TESSERA_OWNER_EMAIL: TEST_OWNER.email,
    TESSERA_OWNER_PASSWORD: TEST_OWNER.password,
    NEXT_TELEMETRY_DISABLED: "1",
    // The callback receivers (tests/support/callback-receiver.ts) listen on
    // 127.0.0.1, which callbacks may reach only when allowed; only that one
    // address, so every other loopback spelling and address stays refused.
    TESSERA_CALLBACK_ALLOWED_NETWORKS: "127.0.0.1/32",
  };
}
