// An admin UserSig older than the admin (issue 19, 3): a developer mints a
// test UserSig for a plain UserID in the console; an owner later makes that
// UserID an app admin. The old UserSig must not authenticate to the REST API
// as an admin; one signed afterwards does.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, test } from "node:test";
import { TEST_OWNER } from "../support/test-env";
import {
  consoleSignIn,
  expectEnvelope,
  lastAudit,
  newApp,
  nowSeconds,
  rest,
  userSigFor,
  waitForSecondAfter,
} from "./api-helpers";
import { runAction } from "./console-actions";
import type { Reply } from "./api-helpers";

const { createOperator } = await import("@/lib/data/operators");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");

let app: number;
let owner: string;
let developer: string;

before(async () => {
  app = await newApp("Admin credentials");
  const email = `developer-${randomBytes(4).toString("hex")}@tessera.test`;
  await createOperator(SYSTEM_ACTOR, { email, password: "developer password 19", role: "developer" });
  const [ownerSignIn, developerSignIn] = await Promise.all([
    consoleSignIn(TEST_OWNER.email, TEST_OWNER.password),
    consoleSignIn(email, "developer password 19"),
  ]);
  assert.ok(ownerSignIn.session && developerSignIn.session);
  owner = ownerSignIn.session;
  developer = developerSignIn.session;
});

function actionData<T>(reply: Reply): T {
  const match = /\{"ok":(true|false).*\}/.exec(reply.text);
  assert.ok(match, `no action result in ${reply.text.slice(0, 300)}`);
  const result = JSON.parse(match[0]) as { ok: boolean; data?: T; error?: string };
  assert.ok(result.ok, result.error);
  return result.data!;
}

const accountCheck = (identifier: string, usersig: string) =>
  rest(app, "im_open_login_svc/account_check", { CheckItem: [{ UserID: "anyone" }] }, { identifier, usersig });

describe("admin credentials", () => {
  test("a developer's UserSig from before its UserID became an app admin is refused (70052, with the reason); a new one works", async () => {
    const minted = actionData<{ ticket: string; time: number }>(
      await runAction(developer, "generateUserSigAction", { sdkAppId: app, userId: "ops_robot", expire: 86_400 }, app),
    );
    expectEnvelope(await accountCheck("ops_robot", minted.ticket), 60010);

    await waitForSecondAfter(minted.time);
    actionData(await runAction(owner, "addAdminAction", { sdkAppId: app, identifier: "ops_robot" }, app));

    const refused = await accountCheck("ops_robot", minted.ticket);
    expectEnvelope(refused, 70052);
    assert.match(refused.body.ErrorInfo, /before "ops_robot" became an app admin/);
    assert.equal((await lastAudit({ action: "rest.reject", sdkAppId: app, target: "ops_robot" }))?.code, 70052);

    expectEnvelope(await accountCheck("ops_robot", await userSigFor(app, "ops_robot")), 0);
  });

  test("the built-in administrator's UserSig works whenever it was signed", async () => {
    const early = await userSigFor(app, "administrator", { now: nowSeconds() - 3600, expire: 86_400 });
    expectEnvelope(await accountCheck("administrator", early), 0);
  });
});
