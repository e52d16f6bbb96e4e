// The state callback URL's query string may carry the App Server's own
// secret: the Callbacks page shows it in full only to roles with apps.write
// (issue 19, 4.4); the others see its origin and path, as the audit keeps it.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, test } from "node:test";
import { TEST_OWNER } from "../support/test-env";
import { call, consoleSignIn, newApp } from "./api-helpers";

const { createOperator, setMembership } = await import("@/lib/data/operators");
const { setCallbackConfig } = await import("@/lib/data/callback-config");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");

const SECRET = `k${randomBytes(12).toString("hex")}`;
const URL_WITH_SECRET = `https://hooks.example.com/tim?sign_key=${SECRET}`;
const password = "callback url viewer password 1";
let app: number;

before(async () => {
  app = await newApp("Callback URL");
  await setCallbackConfig(SYSTEM_ACTOR, app, {
    url: URL_WITH_SECRET,
    actions: ["Login"],
    token: "",
    removeToken: false,
  });
});

async function signedInAs(role: "viewer" | "developer" | "scoped-developer" | "scoped-admin"): Promise<string> {
  const email = `${role}-${randomBytes(4).toString("hex")}@tessera.test`;
  const operator = await createOperator(SYSTEM_ACTOR, {
    email,
    password,
    role: role.startsWith("scoped") ? "scoped" : (role as "viewer" | "developer"),
  });
  if (role.startsWith("scoped"))
    await setMembership(SYSTEM_ACTOR, operator.id, app, role === "scoped-admin" ? "admin" : "developer");
  const { session } = await consoleSignIn(email, password);
  assert.ok(session);
  return session;
}

const callbacksPage = (cookie: string) => call(`/apps/${app}/callbacks`, { headers: { cookie } });

describe("callback URL", () => {
  test("viewers and developers see the URL's origin and path, never its query string", async () => {
    for (const role of ["viewer", "developer", "scoped-developer"] as const) {
      const page = await callbacksPage(await signedInAs(role));
      assert.equal(page.status, 200, `${role}: ${page.text.slice(0, 200)}`);
      assert.ok(page.text.includes("https://hooks.example.com/tim?…"), `${role} sees the origin and path`);
      assert.ok(!page.text.includes(SECRET), `${role} must not see the query string`);
    }
  });

  test("roles with apps.write see the whole URL, to change it", async () => {
    const owner = await consoleSignIn(TEST_OWNER.email, TEST_OWNER.password);
    for (const cookie of [owner.session!, await signedInAs("scoped-admin")]) {
      const page = await callbacksPage(cookie);
      assert.equal(page.status, 200);
      assert.ok(page.text.includes(SECRET));
    }
  });
});
