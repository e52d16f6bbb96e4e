// The authorization matrix: every server action and route handler, the
// permission it needs, and a run of each for every role (global, and scoped
// to one application) against the operator's own application and another,
// by replaying the requests a browser would send with that operator's
// session. A new action or route without a row here fails the first test.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { call, consoleSignIn, db, newApp, type Reply } from "./api-helpers";
import { runAction } from "./console-actions";

const { createOperator, setMembership } = await import("@/lib/data/operators");
const { createPendingSignIn } = await import("@/lib/data/pending-sign-ins");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { ROLE_PERMISSIONS } = await import("@/lib/auth/permissions");
const { ROUTES } = await import("@/lib/server/routes");
type Access = import("@/lib/server/route").Access;
type Permission = import("@/lib/auth/permissions").Permission;
type AppRole = import("@/lib/auth/permissions").AppRole;
type Role = import("@/lib/auth/permissions").Role;

type Context = { app: number; other: number; victim: string; scopedVictim: string };
type Row =
  | {
      kind: "action";
      file: string;
      name: string;
      permission: Permission;
      input: (ctx: Context, target: number) => unknown;
    }
  | {
      kind: "route";
      file: string;
      method: "GET" | "POST";
      permission: Permission;
      path: (target: number) => string;
      body?: unknown;
    }
  /** Sign-in routes anyone may call: next-auth's, and single sign-on's (tests/integration/console-sso.test.ts). */
  | { kind: "route"; file: string; access: "next-auth" | "sso sign-in" }
  /** A page: a refused operator is sent to /forbidden. */
  | { kind: "page"; file: string; permission: Permission; path: () => string }
  | { kind: "machine"; route: string; access: Access };

const unique = () => randomBytes(4).toString("hex");

// Inputs are harmless for an allowed role: what is checked is whether the
// permission check lets the request through, not what the action does then.
const MATRIX: Row[] = [
  {
    kind: "action",
    file: "lib/actions/apps/create-app.ts",
    name: "createAppAction",
    permission: "apps.write",
    input: () => ({ name: `Matrix ${unique()}` }),
  },
  // Names an application that exists, so an allowed role is told it is taken.
  {
    kind: "action",
    file: "lib/actions/apps/import-app.ts",
    name: "importAppAction",
    permission: "apps.write",
    input: (_, target) => ({ sdkAppId: target, name: "Matrix import", secretKey: "0".repeat(64) }),
  },
  {
    kind: "action",
    file: "lib/actions/apps/rename-app.ts",
    name: "renameAppAction",
    permission: "apps.write",
    input: (_, target) => ({ sdkAppId: target, name: `Matrix app ${target}` }),
  },
  {
    kind: "action",
    file: "lib/actions/apps/set-app-status.ts",
    name: "setAppStatusAction",
    permission: "apps.write",
    input: (_, target) => ({ sdkAppId: target, status: "enabled" }),
  },
  {
    kind: "action",
    file: "lib/actions/apps/delete-app.ts",
    name: "deleteAppAction",
    permission: "apps.write",
    input: (_, target) => ({ sdkAppId: target, confirmName: "not the name" }),
  },
  {
    kind: "action",
    file: "lib/actions/keys/rotate-key.ts",
    name: "rotateKeyAction",
    permission: "keys.write",
    input: (_, target) => ({ sdkAppId: target, graceDays: 7 }),
  },
  {
    kind: "action",
    file: "lib/actions/keys/retire-key.ts",
    name: "retireKeyAction",
    permission: "keys.write",
    input: (_, target) => ({ sdkAppId: target, version: 999 }),
  },
  {
    kind: "action",
    file: "lib/actions/admins/add-admin.ts",
    name: "addAdminAction",
    permission: "admins.write",
    input: (_, target) => ({ sdkAppId: target, identifier: "administrator" }),
  },
  {
    kind: "action",
    file: "lib/actions/admins/remove-admin.ts",
    name: "removeAdminAction",
    permission: "admins.write",
    input: (_, target) => ({ sdkAppId: target, identifier: "not_an_admin" }),
  },
  {
    kind: "action",
    file: "lib/actions/accounts/add-account.ts",
    name: "addAccountAction",
    permission: "accounts.write",
    input: (_, target) => ({ sdkAppId: target, userId: `m_${unique()}`, externalId: "", nickname: "", faceUrl: "" }),
  },
  {
    kind: "action",
    file: "lib/actions/accounts/delete-accounts.ts",
    name: "deleteAccountsAction",
    permission: "accounts.write",
    input: (_, target) => ({ sdkAppId: target, userIds: ["nobody_here"] }),
  },
  {
    kind: "action",
    file: "lib/actions/accounts/import-accounts.ts",
    name: "importAccountsAction",
    permission: "accounts.write",
    input: (_, target) => ({ sdkAppId: target, rows: [] }),
  },
  {
    kind: "action",
    file: "lib/actions/accounts/invalidate-login.ts",
    name: "invalidateLoginAction",
    permission: "accounts.write",
    input: (_, target) => ({ sdkAppId: target, userId: "matrix_user" }),
  },
  {
    kind: "action",
    file: "lib/actions/tickets/generate-user-sig.ts",
    name: "generateUserSigAction",
    permission: "tickets.issue",
    input: (_, target) => ({ sdkAppId: target, userId: "matrix_user", expire: 3600 }),
  },
  {
    kind: "action",
    file: "lib/actions/tickets/generate-private-map-key.ts",
    name: "generatePrivateMapKeyAction",
    permission: "tickets.issue",
    input: (_, target) => ({
      sdkAppId: target,
      userId: "matrix_user",
      expire: 300,
      room: "1234",
      roomType: "number",
      privileges: ["enterRoom"],
    }),
  },
  {
    kind: "action",
    file: "lib/actions/tickets/revoke-issued.ts",
    name: "revokeIssuedAction",
    permission: "accounts.write",
    input: (_, target) => ({ sdkAppId: target, ledgerId: "no_such_entry" }),
  },
  {
    kind: "action",
    file: "lib/actions/tickets/revoke-user-sig.ts",
    name: "revokeUserSigAction",
    permission: "accounts.write",
    input: (_, target) => ({ sdkAppId: target, userSig: "eJw" }),
  },
  {
    kind: "action",
    file: "lib/actions/tickets/verify-user-sig.ts",
    name: "verifyUserSigAction",
    permission: "tickets.verify",
    input: (_, target) => ({ sdkAppId: target, userId: "matrix_user", userSig: "eJw" }),
  },
  // A URL nothing listens on; the allowed roles configure the matrix app's callback (no login ever reports to it).
  {
    kind: "action",
    file: "lib/actions/callbacks/set-callback.ts",
    name: "setCallbackAction",
    permission: "apps.write",
    input: (_, target) => ({ sdkAppId: target, url: "http://127.0.0.1:9/matrix", actions: ["Login"] }),
  },
  {
    kind: "action",
    file: "lib/actions/callbacks/remove-callback.ts",
    name: "removeCallbackAction",
    permission: "apps.write",
    input: (_, target) => ({ sdkAppId: target }),
  },
  {
    kind: "action",
    file: "lib/actions/callbacks/resend-delivery.ts",
    name: "resendDeliveryAction",
    permission: "apps.write",
    input: (_, target) => ({ sdkAppId: target, id: 2_000_000_000 }),
  },
  {
    kind: "action",
    file: "lib/actions/operators/create-operator.ts",
    name: "createOperatorAction",
    permission: "operators.manage",
    input: () => ({
      email: `m-${unique()}@tessera.test`,
      name: "",
      password: "a long enough password",
      role: "viewer",
    }),
  },
  {
    kind: "action",
    file: "lib/actions/operators/update-operator.ts",
    name: "updateOperatorAction",
    permission: "operators.manage",
    input: (ctx) => ({ id: ctx.victim, role: "viewer" }),
  },
  {
    kind: "action",
    file: "lib/actions/operators/set-membership.ts",
    name: "setMembershipAction",
    permission: "operators.manage",
    input: (ctx, target) => ({ operatorId: ctx.scopedVictim, sdkAppId: target, role: "viewer" }),
  },
  {
    kind: "action",
    file: "lib/actions/operators/set-developer-max-expire.ts",
    name: "setDeveloperMaxExpireAction",
    permission: "operators.manage",
    input: () => ({ days: 7 }),
  },
  {
    kind: "action",
    file: "lib/actions/operators/set-own-locale.ts",
    name: "setOwnLocaleAction",
    permission: "console.read",
    input: () => ({ locale: null }),
  },
  {
    kind: "action",
    file: "lib/actions/operators/change-password.ts",
    name: "changePasswordAction",
    permission: "console.read",
    input: () => ({
      currentPassword: "wrong password",
      newPassword: "another long password",
      confirmPassword: "another long password",
    }),
  },
  {
    kind: "action",
    file: "lib/actions/operators/set-second-factor-policy.ts",
    name: "setSecondFactorPolicyAction",
    permission: "operators.manage",
    input: () => ({ policy: "nobody" }),
  },
  // An issuer that is not a URL: an allowed owner gets past the permission and is refused by validation.
  {
    kind: "action",
    file: "lib/actions/operators/set-sso-config.ts",
    name: "setSsoConfigAction",
    permission: "operators.manage",
    input: () => ({
      issuer: "not a url",
      clientId: "matrix",
      clientSecret: "matrix",
      allowedDomains: "tessera.test",
      newOperators: "existing",
    }),
  },
  // SSO is not configured on the shared server: an allowed owner is told so.
  {
    kind: "action",
    file: "lib/actions/operators/remove-sso-config.ts",
    name: "removeSsoConfigAction",
    permission: "operators.manage",
    input: () => ({}),
  },
  {
    kind: "action",
    file: "lib/actions/operators/set-password-sign-in.ts",
    name: "setPasswordSignInAction",
    permission: "operators.manage",
    input: () => ({ ownersOnly: false }),
  },
  {
    kind: "action",
    file: "lib/actions/operators/reset-second-factors.ts",
    name: "resetSecondFactorsAction",
    permission: "operators.manage",
    input: (ctx) => ({ id: ctx.victim, password: "wrong password" }),
  },
  // Every operator manages their own second factors; the wrong password stops an allowed one.
  {
    kind: "action",
    file: "lib/actions/second-factors/start-totp-enrollment.ts",
    name: "startTotpEnrollmentAction",
    permission: "console.read",
    input: () => ({}),
  },
  {
    kind: "action",
    file: "lib/actions/second-factors/confirm-totp.ts",
    name: "confirmTotpAction",
    permission: "console.read",
    input: () => ({ code: "000000", password: "wrong password" }),
  },
  {
    kind: "action",
    file: "lib/actions/second-factors/disable-totp.ts",
    name: "disableTotpAction",
    permission: "console.read",
    input: () => ({ code: "000000", password: "wrong password" }),
  },
  {
    kind: "action",
    file: "lib/actions/second-factors/regenerate-recovery-codes.ts",
    name: "regenerateRecoveryCodesAction",
    permission: "console.read",
    input: () => ({ password: "wrong password" }),
  },
  {
    kind: "action",
    file: "lib/actions/passkeys/start-passkey-registration.ts",
    name: "startPasskeyRegistrationAction",
    permission: "console.read",
    input: () => ({ password: "wrong password" }),
  },
  {
    kind: "action",
    file: "lib/actions/passkeys/add-passkey.ts",
    name: "addPasskeyAction",
    permission: "console.read",
    input: () => ({ name: "Matrix key", response: { id: "AAAA" } }),
  },
  {
    kind: "action",
    file: "lib/actions/passkeys/remove-passkey.ts",
    name: "removePasskeyAction",
    permission: "console.read",
    input: () => ({ id: "AAAA", password: "wrong password" }),
  },
  {
    kind: "route",
    file: "app/(console)/apps/[sdkAppId]/accounts/export/route.ts",
    method: "GET",
    permission: "accounts.export",
    path: (target) => `/apps/${target}/accounts/export`,
  },
  {
    kind: "route",
    file: "app/(console)/apps/[sdkAppId]/keys/[version]/reveal/route.ts",
    method: "POST",
    permission: "keys.reveal",
    path: (target) => `/apps/${target}/keys/1/reveal`,
    body: { password: "wrong password" },
  },
  {
    kind: "route",
    file: "app/(console)/audit/export/route.ts",
    method: "GET",
    permission: "audit.read",
    path: () => "/audit/export",
  },
  { kind: "route", file: "app/api/auth/[...nextauth]/route.ts", access: "next-auth" },
  { kind: "route", file: "app/api/auth/sso/start/route.ts", access: "sso sign-in" },
  { kind: "route", file: "app/api/auth/sso/callback/route.ts", access: "sso sign-in" },
  // Pages that need more than console.read.
  { kind: "page", file: "app/(console)/operators/page.tsx", permission: "operators.manage", path: () => "/operators" },
  { kind: "page", file: "app/(console)/system/page.tsx", permission: "system.read", path: () => "/system" },
  // The machine routes, from the route table (lib/server/routes.ts): who may call each is checked by the API tests.
  { kind: "machine", route: "GET /api/health", access: "public" },
  { kind: "machine", route: "GET /api/v1/health", access: "public" },
  { kind: "machine", route: "GET /api/v1/time", access: "public" },
  { kind: "machine", route: "GET /api/openapi.json", access: "public" },
  { kind: "machine", route: "POST /api/v1/login", access: "public" },
  { kind: "machine", route: "GET /api/v1/session", access: "app-user session" },
  { kind: "machine", route: "POST /api/v1/logout", access: "app-user session" },
  { kind: "machine", route: "POST /api/v1/usersig", access: "app-admin UserSig" },
  { kind: "machine", route: "POST /api/v1/usersig/revoke", access: "app-admin UserSig" },
  { kind: "machine", route: "ANY /v4/:service/:command", access: "app-admin UserSig" },
];

// The actions a pending sign-in (the right password, a step still owed) may
// run, with the step each belongs to; everything else treats it as nobody.
type PendingStep = "second-factor" | "enroll" | "change-password";
const PENDING_STEPS: PendingStep[] = ["second-factor", "enroll", "change-password"];
const PENDING_STEP_ACTIONS: Record<string, { step: PendingStep; input: unknown }> = {
  startPasskeySecondFactorAction: { step: "second-factor", input: {} },
  confirmSignInEnrollmentAction: { step: "enroll", input: { code: "000000" } },
  startSignInPasskeyEnrollmentAction: { step: "enroll", input: {} },
  confirmSignInPasskeyAction: { step: "enroll", input: { name: "Matrix key", response: { id: "AAAA" } } },
  setSignInPasswordAction: {
    step: "change-password",
    input: { newPassword: "x", confirmPassword: "y" },
  },
};

// Actions anyone may call, signed in or not: each throttled per client, or
// (choosing the sign-in page's language) changing only the caller's own cookie.
const PUBLIC_ACTIONS = ["startPasskeySignInAction", "chooseLocaleAction"];

/** Who acts: a global role, or scoped with this role in the context's own app. */
type Who = { label: string; global?: Role; scoped?: AppRole };
const WHO: Who[] = [
  ...(["owner", "admin", "developer", "viewer"] as const).map((role) => ({ label: role, global: role })),
  ...(["admin", "developer", "viewer"] as const).map((role) => ({ label: `scoped ${role}`, scoped: role })),
];

/** What the table says: the role this operator acts with on `target` (null: none) may use the permission. */
function expected(who: Who, permission: Permission, target: number | null, ctx: Context): boolean {
  const role =
    who.global ??
    (target === null ? (who.scoped === "admin" ? "admin" : "viewer") : target === ctx.app ? who.scoped! : null);
  return role !== null && ROLE_PERMISSIONS[role].includes(permission);
}

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) =>
    statSync(path.join(dir, name)).isDirectory() ? walk(path.join(dir, name)) : [path.join(dir, name)],
  );

async function signIn(email: string, password: string): Promise<string> {
  const result = await consoleSignIn(email, password);
  assert.ok(result.session, `${email} could not sign in: ${result.status} ${result.error}`);
  return result.session;
}

// A refusal is the message of an answer's "error" field: pages and action
// payloads also carry the console's message catalogs (lib/i18n/messages),
// which hold these words too.
const REFUSED = /"error":"(?:[^"\\]|\\.)*(?:does not allow this|You have no access to application)/;

const runAsWho = (who: string, name: string, input: unknown, appId: number) =>
  runAction(cookies.get(who)!, name, input, appId);

let ctx: Context;
const cookies = new Map<string, string>();

before(async () => {
  const app = await newApp("Matrix own app");
  const other = await newApp("Matrix other app");
  const password = "matrix password 12345";
  const victim = await createOperator(SYSTEM_ACTOR, {
    email: `victim-${unique()}@tessera.test`,
    password,
    role: "viewer",
  });
  const scopedVictim = await createOperator(SYSTEM_ACTOR, {
    email: `scoped-victim-${unique()}@tessera.test`,
    password,
    role: "scoped",
  });
  ctx = { app, other, victim: victim.id, scopedVictim: scopedVictim.id };
  for (const who of WHO) {
    const email = `matrix-${who.label.replace(" ", "-")}-${unique()}@tessera.test`;
    const operator = await createOperator(SYSTEM_ACTOR, { email, password, role: who.global ?? "scoped" });
    if (who.scoped) await setMembership(SYSTEM_ACTOR, operator.id, app, who.scoped);
    cookies.set(who.label, await signIn(email, password));
  }
});

describe("authorization matrix", () => {
  test("every server action and route handler has a row", () => {
    const actions = walk("lib/actions").flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/export const (\w+Action) = operatorAction\(/g)].map(
        (m) => `${file}#${m[1]}`,
      ),
    );
    const routes = walk("app").filter((file) => file.endsWith("route.ts"));
    const pendingSteps = walk("lib/actions").flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/export const (\w+Action) = pendingSignInAction\(/g)].map((m) => m[1]),
    );
    assert.deepEqual(
      pendingSteps.sort(),
      Object.keys(PENDING_STEP_ACTIONS).sort(),
      "every sign-in step action is listed",
    );
    // An action outside both wrappers checks nobody, so it must be listed as public on purpose.
    const wrapped = new Set([...actions.map((a) => a.split("#")[1]), ...pendingSteps]);
    const unwrapped = walk("lib/actions")
      .filter((file) => readFileSync(file, "utf8").startsWith('"use server"'))
      .flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(/export (?:const|async function) (\w+Action)\b/g)].map((m) => m[1]!),
      )
      .filter((name) => !wrapped.has(name));
    assert.deepEqual(unwrapped.sort(), [...PUBLIC_ACTIONS].sort(), "every public action is listed");
    const pages = walk("app").filter(
      (file) =>
        file.endsWith("page.tsx") &&
        /requirePageOperator\("(?!console\.read|audit\.read)/.test(readFileSync(file, "utf8")),
    );
    const machine = ROUTES.map((route) => `${route.family === "rest" ? "ANY" : route.method} ${route.path}`);
    const key = (row: Row) =>
      row.kind === "action" ? `${row.file}#${row.name}` : row.kind === "machine" ? row.route : row.file;
    const listed = new Set(MATRIX.map(key));
    for (const found of [...actions, ...routes, ...pages, ...machine])
      assert.ok(listed.has(found), `${found} has no row in the authorization matrix`);
    for (const row of MATRIX.filter((row) => row.kind === "machine")) {
      const route = ROUTES.find(
        (route) => `${route.family === "rest" ? "ANY" : route.method} ${route.path}` === row.route,
      );
      assert.equal(route?.access, row.access, `${row.route}: the route table says ${route?.access ?? "nothing"}`);
    }
    assert.equal(
      actions.length,
      MATRIX.filter((row) => row.kind === "action").length,
      "every action row names an existing action",
    );
  });

  for (const row of MATRIX) {
    if (!("permission" in row)) continue;
    const label =
      row.kind === "action" ? row.name : row.kind === "page" ? `page ${row.file}` : `${row.method} ${row.file}`;
    test(`${label} needs ${row.permission}`, async () => {
      for (const who of WHO) {
        // Rows whose input or path names an application run against both; the rest are console-wide.
        const perApp: boolean =
          row.kind === "action" ? row.input.length >= 2 : row.kind === "page" ? false : row.path.length >= 1;
        const targets: (number | null)[] = perApp ? [ctx.app, ctx.other] : [null];
        for (const target of targets as (number | null)[]) {
          const appId = target ?? ctx.app;
          const reply: Reply =
            row.kind === "action"
              ? await runAsWho(who.label, row.name, row.input(ctx, appId), appId)
              : row.kind === "page"
                ? await call(row.path(), { headers: { cookie: cookies.get(who.label)! } })
                : await call(row.path(appId), {
                    method: row.method,
                    ...(row.body !== undefined && { body: row.body }),
                    headers: {
                      cookie: cookies.get(who.label)!,
                      origin: new URL(process.env.TESSERA_TEST_BASE_URL!).origin,
                    },
                  });
          const allow = expected(who, row.permission, target, ctx);
          const refused: boolean =
            REFUSED.test(reply.text) ||
            reply.status === 403 ||
            // A page that started streaming redirects in its payload rather than with a Location header.
            (row.kind === "page" &&
              (/\/forbidden/.test(reply.headers.get("location") ?? "") ||
                /(NEXT_REDIRECT;\w+;|url=)\/forbidden/.test(reply.text)));
          assert.ok(
            reply.status < 500,
            `${who.label} → ${label} on ${target}: HTTP ${reply.status} ${reply.text.slice(0, 200)}`,
          );
          assert.equal(
            !refused,
            allow,
            `${who.label} → ${label} on ${target === ctx.app ? "own app" : target === null ? "console" : "other app"}: expected ${allow ? "allowed" : "refused"}, got ${reply.status} ${reply.text.slice(0, 300)}`,
          );
        }
      }
    });
  }
});

describe("a scoped operator sees only their applications", () => {
  test("applications list, audit page and audit export leave out other applications", async () => {
    const cookie = cookies.get("scoped viewer")!;
    const list = await call("/apps", { headers: { cookie } });
    assert.match(list.text, new RegExp(String(ctx.app)));
    assert.doesNotMatch(list.text, new RegExp(String(ctx.other)));
    const page = await call(`/audit?app=${ctx.other}`, { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, new RegExp(`>${ctx.other}<`));
    const csv = await call(`/audit/export?app=${ctx.other}`, { headers: { cookie } });
    assert.equal(csv.text.trim().split("\n").length, 1, "only the header row");
    const own = await call(`/audit/export?app=${ctx.app}`, { headers: { cookie } });
    assert.ok(own.text.trim().split("\n").length > 1, "the own application's events are there");
    const denied = await db().auditEvent.count({ where: { result: "denied", sdkAppId: ctx.other } });
    assert.ok(denied > 0, "refusals are audited");
    const created = await db().auditEvent.findMany({
      where: { action: "app.create", actor: { startsWith: "matrix-scoped-admin-" } },
      select: { sdkAppId: true },
    });
    assert.equal(created.length, 1, "the scoped admin created one application in the matrix run");
    assert.equal(
      await db().operatorMembership.count({ where: { sdkAppId: created[0]!.sdkAppId!, role: "admin" } }),
      1,
      "and administers it",
    );
  });
});

describe("an admin identifier's credential is a privilege", () => {
  const issue = (who: string, userId: string, expire: number) =>
    runAsWho(who, "generateUserSigAction", { sdkAppId: ctx.app, userId, expire }, ctx.app);
  const ok = (reply: { text: string }) => /"ok":true/.test(reply.text);

  test("a developer cannot issue a UserSig or PrivateMapKey for an app admin, nor one valid longer than the owner allows", async () => {
    for (const who of ["developer", "scoped developer"]) {
      const admin = await issue(who, "administrator", 3600);
      assert.ok(!ok(admin) && /is an app admin/.test(admin.text), admin.text.slice(0, 300));
      const pmk = await runAsWho(
        who,
        "generatePrivateMapKeyAction",
        {
          sdkAppId: ctx.app,
          userId: "administrator",
          expire: 300,
          room: "1",
          roomType: "number",
          privileges: ["enterRoom"],
        },
        ctx.app,
      );
      assert.ok(!ok(pmk) && /is an app admin/.test(pmk.text), pmk.text.slice(0, 300));
      const long = await issue(who, "plain_user", 8 * 86_400);
      assert.ok(!ok(long) && /at most 7 day/.test(long.text), long.text.slice(0, 300));
      assert.ok(ok(await issue(who, "plain_user", 7 * 86_400)));
    }
    assert.ok(
      (await db().auditEvent.count({ where: { action: "usersig.issue", result: "denied", sdkAppId: ctx.app } })) >= 4,
      "refusals are audited",
    );
  });

  test("admins may; the owner's setting moves the developer's limit", async () => {
    assert.ok(ok(await issue("admin", "administrator", 180 * 86_400)));
    assert.ok(ok(await issue("scoped admin", "administrator", 3600)));
    assert.ok(ok(await runAsWho("owner", "setDeveloperMaxExpireAction", { days: 1 }, ctx.app)));
    assert.ok(!ok(await issue("developer", "plain_user", 2 * 86_400)));
    assert.ok(ok(await runAsWho("owner", "setDeveloperMaxExpireAction", { days: 7 }, ctx.app)));
    assert.ok(ok(await issue("developer", "plain_user", 2 * 86_400)));
  });
});

describe("a pending sign-in (second factor or enrolment owed) is signed out everywhere", () => {
  const SIGNED_OUT = /session has ended|Sign in again/i;
  const pendingCookie = async (step: PendingStep) => {
    const operator = await createOperator(SYSTEM_ACTOR, {
      email: `pending-${unique()}@tessera.test`,
      password: "matrix password 12345",
      role: "owner",
    });
    return `tessera.pending-sign-in=${await createPendingSignIn({ id: operator.id, sessionVersion: 0 }, step)}`;
  };

  for (const step of PENDING_STEPS)
    test(`owing ${step}: every action, route and page answers as signed out`, async () => {
      const cookie = await pendingCookie(step);
      for (const row of MATRIX) {
        if (!("permission" in row)) continue;
        const reply: Reply =
          row.kind === "action"
            ? await runAction(cookie, row.name, row.input(ctx, ctx.app), ctx.app)
            : row.kind === "page"
              ? await call(row.path(), { headers: { cookie } })
              : await call(row.path(ctx.app), {
                  method: row.method,
                  ...(row.body !== undefined && { body: row.body }),
                  headers: { cookie, origin: new URL(process.env.TESSERA_TEST_BASE_URL!).origin },
                });
        const label = row.kind === "action" ? row.name : row.file;
        // A page that started streaming redirects to the sign-in in its payload rather than with a Location header.
        const refused =
          SIGNED_OUT.test(reply.text) ||
          reply.status === 401 ||
          [302, 303, 307].includes(reply.status) ||
          (row.kind === "page" && /(NEXT_REDIRECT;\w+;|url=)\/sign-in/.test(reply.text));
        assert.ok(refused, `${label} answered a pending sign-in: ${reply.status} ${reply.text.slice(0, 200)}`);
      }
      for (const page of ["/apps", "/profile", "/operators", "/audit"]) {
        const reply = await call(page, { headers: { cookie } });
        assert.match(reply.headers.get("location") ?? "", /\/sign-in/, `${page} answered a pending sign-in`);
      }
      assert.deepEqual((await call("/api/auth/session", { headers: { cookie } })).body, {});
    });

  test("a sign-in step's action runs only for the pending sign-in that owes that step", async () => {
    const sessionOnly = cookies.get("owner")!;
    for (const [name, { step, input }] of Object.entries(PENDING_STEP_ACTIONS)) {
      const others = await Promise.all(PENDING_STEPS.filter((other) => other !== step).map(pendingCookie));
      for (const cookie of [sessionOnly, ...others]) {
        const reply = await runAction(cookie, name, input, ctx.app);
        assert.match(reply.text, /sign-in has expired/, `${name} ran for ${cookie.slice(0, 30)}`);
      }
      const own = await runAction(await pendingCookie(step), name, input, ctx.app);
      assert.doesNotMatch(own.text, /sign-in has expired/, `${name} refused its own step`);
    }
  });

  test("the public passwordless passkey action answers anyone with a challenge and no credential list", async () => {
    const reply = await runAction("", "startPasskeySignInAction", undefined, ctx.app);
    assert.match(reply.text, /"challenge":"[A-Za-z0-9_-]{43}"/);
    assert.match(reply.text, /"allowCredentials":\[\]|"userVerification":"required"/);
  });
});
