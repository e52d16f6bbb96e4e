import { z } from "zod";
import {
  MAX_REVOKE_BATCH,
  MAX_USERSIG_BATCH,
  REST_LIMITS,
  loginSchema,
  restSchemas,
  revokeRequestSchema,
  usersigRequestSchema,
} from "@/lib/validations/api";
import { MAX_BODY_BYTES } from "@/lib/validations/limits";
import { CALLBACK_ACTIONS, CALLBACK_REASONS } from "@/lib/callbacks/actions";
import { stateChangeBody } from "@/lib/callbacks/state-change";

// The OpenAPI 3.1 description of the app-facing API and the REST layer,
// served at /api/openapi.json and rendered on the console's API page.
// Request bodies are generated from the zod schemas the routes validate
// with (JSON Schema 2020-12, which OpenAPI 3.1 uses), so their fields and
// limits cannot drift from what is accepted; `x-max-body-bytes` is the cap
// on the raw body (lib/validations/limits.ts). `x-codes` lists the error
// codes an operation can answer with. The state-change callback Tessera
// sends is a webhook; its example is built by the code that sends it.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The JSON Schema of what `schema` accepts (its input side: before defaults and transforms). */
export function requestSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return json;
}

const jsonBody = (schema: z.ZodType, maxBytes: number, example: unknown) => ({
  required: true,
  "x-max-body-bytes": maxBytes,
  content: { "application/json": { schema: requestSchema(schema), example } },
});
const jsonResponse = (description: string, schema: object) => ({
  description,
  content: { "application/json": { schema } },
});
const str = { type: "string" } as const;
const int = { type: "integer" } as const;
const array = (items: object, maxItems?: number) => ({ type: "array", items, ...(maxItems && { maxItems }) });
const object = (properties: Record<string, object>, required: string[] = []) => ({
  type: "object",
  properties,
  ...(required.length && { required }),
});

const v1Errors = {
  "400": jsonResponse(
    "Invalid request or UserSig (70402, 70002, 70003, 70005 malformed or dated more than TESSERA_CLOCK_SKEW_SECONDS ahead, 70013, 70014)",
    ref("Error"),
  ),
  "401": jsonResponse("UserSig or session not accepted (70001, 70009, 70016, 70052)", ref("Error")),
  "403": jsonResponse("Account disabled (70051) or not an app admin (70403)", ref("Error")),
  "404": jsonResponse("SDKAppID not found or disabled (70020)", ref("Error")),
  "429": jsonResponse("Too many failed attempts (70050); see Retry-After", ref("Error")),
};

const adminQuery = [
  { name: "sdkappid", in: "query", required: true, schema: int, description: "The application's SDKAppID." },
  {
    name: "identifier",
    in: "query",
    required: true,
    schema: str,
    description: "An app admin's UserID, e.g. administrator.",
  },
  { name: "usersig", in: "query", required: true, schema: str, description: "A valid UserSig for the identifier." },
];
const restQuery = [
  ...adminQuery,
  {
    name: "random",
    in: "query",
    required: true,
    schema: { type: "integer", minimum: 0, maximum: 4294967295 },
    description: "A random 32-bit unsigned integer.",
  },
  { name: "contenttype", in: "query", required: false, schema: { type: "string", enum: ["json"] } },
];

const REST_COMMON =
  "HTTP 200 for every answered request. ErrorCode 0 on success; 60002 bad URL/query, 60003 bad JSON, 60004 identifier missing, 60006 SDKAppID invalid, 60007 more calls per second than the app's limit (TESSERA_REST_RATE_LIMIT, default 200) or too many failed authentications from this client or for this identifier (ErrorInfo says when to retry), 60008 body too large or a method other than POST, 60009 unknown command, 60010 identifier is not an app admin, 60012 SDKAppID missing, 60015 identifier invalid, 60016 SDKAppID disabled, 70402 invalid parameters, 70500 internal error. When the admin UserSig itself is rejected, ErrorCode is the UserSig's own code, as Tencent's REST API answers, and ErrorInfo says why and how to fix it: 70001 expired (make a new admin UserSig and retry), 70002 missing, 70003 malformed, 70005 malformed or dated more than TESSERA_CLOCK_SKEW_SECONDS (default 300) ahead of the server's clock (see GET /api/v1/time), 70009 signed with another key or altered, 70013 issued for another identifier, 70014 issued for another SDKAppID, 70016 no key, 70051 the admin's account is disabled, 70052 invalidated (kicked) or the UserSig revoked.";

// The codes a rejected admin UserSig answers with, in the REST envelope and in /api/v1/usersig.
const ADMIN_USERSIG_CODES = [70001, 70002, 70003, 70005, 70009, 70013, 70014, 70016, 70051, 70052];

function rest(summary: string, body: z.ZodType, example: unknown, reply: Record<string, object>, codes: number[]) {
  return {
    post: {
      tags: ["REST API (Tencent-compatible)"],
      summary,
      description: REST_COMMON,
      parameters: restQuery,
      requestBody: jsonBody(body, MAX_BODY_BYTES.rest, example),
      responses: {
        "200": jsonResponse("Envelope plus the command's fields", { allOf: [ref("RestEnvelope"), object(reply)] }),
      },
      "x-codes": [
        0,
        60002,
        60003,
        60004,
        60006,
        60007,
        60008,
        60009,
        60010,
        60012,
        60015,
        60016,
        ...ADMIN_USERSIG_CODES,
        70402,
        ...codes,
      ],
    },
  };
}

const resultItem = object({ UserID: str, ResultCode: int, ResultInfo: str });

const STATE_CHANGE = `Tencent's State.StateChange callback, POSTed to the URL configured on the application's Callbacks page, for the events chosen there. Each is one session's: Login (Reason Register) when a session starts; Logout (Unregister) when its client logs out (POST /api/v1/logout); Disconnect when Tessera ends it: LinkClose for a kick (REST im_open_login_svc/kick or the console's Invalidate login, one per live session), a revoked UserSig that started it, or a deleted account; TimeOut when it runs out (reported within seconds of its expiry, with EventTime the expiry). A login never displaces another session, so KickedDevice is never sent. Delivery: at least once, in order per UserID (an event is sent only after the one before it was delivered or gave up), any 2xx answer counts (the body is not read), 2 s timeout, redirects not followed, retried after 1, 2, 4 ... up to 300 s for an hour after the first attempt, then failed (the console can resend it). Several server processes never send the same attempt at once. With a token, the query has RequestTime (Unix seconds of this attempt) and Sign = hex(sha256(token + RequestTime)): recompute it with your token and refuse a RequestTime more than a minute old.`;

const callbackQuery = [
  {
    name: "SdkAppid",
    in: "query",
    required: true,
    schema: int,
    description: "The application's SDKAppID: check it is yours.",
  },
  { name: "CallbackCommand", in: "query", required: true, schema: { const: "State.StateChange" } },
  { name: "contenttype", in: "query", required: true, schema: { const: "json" } },
  {
    name: "ClientIP",
    in: "query",
    required: true,
    schema: str,
    description: "The address of the session's client (for a logout, the client that logged out).",
  },
  {
    name: "OptPlatform",
    in: "query",
    required: true,
    schema: { type: "string", enum: ["iOS", "Android", "Web", "Windows", "iPad", "Mac", "Linux", "Unknown"] },
    description: "The session's platform as its login named it (iPhone is iOS, PC is Windows).",
  },
  {
    name: "RequestTime",
    in: "query",
    required: false,
    schema: int,
    description: "With a token: Unix seconds of this attempt.",
  },
  {
    name: "Sign",
    in: "query",
    required: false,
    schema: { type: "string", pattern: "^[0-9a-f]{64}$" },
    description: "With a token: hex(sha256(token + RequestTime)).",
  },
];

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "Tessera API",
      version: "1.0.0",
      description:
        "User login for the app's clients, UserSig issuance for App Servers, and the server REST API, wire-compatible with Tencent Cloud Chat (a client written for Tencent's /v4 API works by changing only the host).",
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "User login" },
      { name: "UserSig issuance" },
      { name: "REST API (Tencent-compatible)" },
      { name: "State callbacks" },
      { name: "Operations" },
    ],
    components: {
      securitySchemes: {
        session: { type: "http", scheme: "bearer", description: "The token from POST /api/v1/login." },
      },
      schemas: {
        Error: object(
          {
            error: object({ code: { type: "integer", description: "SPEC code (70xxx)" }, message: str, fix: str }, [
              "code",
              "message",
            ]),
          },
          ["error"],
        ),
        RestEnvelope: object(
          { ActionStatus: { type: "string", enum: ["OK", "FAIL"] }, ErrorCode: int, ErrorInfo: str, RequestId: str },
          ["ActionStatus", "ErrorCode", "ErrorInfo", "RequestId"],
        ),
        Session: object({
          sdkAppId: int,
          userId: str,
          createdAt: { type: "string", format: "date-time" },
          expiresAt: { type: "string", format: "date-time" },
        }),
        StateChange: object(
          {
            CallbackCommand: { const: "State.StateChange" },
            EventTime: { type: "integer", description: "When the event happened, Unix milliseconds." },
            Info: object(
              {
                Action: { type: "string", enum: [...CALLBACK_ACTIONS] },
                To_Account: { type: "string", description: "The UserID." },
                Reason: {
                  type: "string",
                  enum: [...CALLBACK_REASONS],
                  description:
                    "Login: Register. Logout: Unregister. Disconnect: LinkClose (ended by Tessera) or TimeOut (ran out).",
                },
              },
              ["Action", "To_Account", "Reason"],
            ),
          },
          ["CallbackCommand", "EventTime", "Info"],
        ),
      },
    },
    webhooks: {
      "State.StateChange": {
        post: {
          tags: ["State callbacks"],
          summary: "A user's login state changed",
          description: STATE_CHANGE,
          parameters: callbackQuery,
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: ref("StateChange"),
                example: JSON.parse(
                  stateChangeBody({ userId: "27149", reason: "Register", eventTime: new Date(1629883332497) }),
                ),
              },
            },
          },
          responses: {
            "200": jsonResponse("Any 2xx is a delivery; Tencent's App Servers answer this", {
              examples: [{ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" }],
            }),
          },
        },
      },
    },
    paths: {
      "/api/v1/login": {
        post: {
          tags: ["User login"],
          summary: "Log in with UserID + UserSig",
          description:
            "Verifies the UserSig (app enabled, signed by a live key, not dated more than TESSERA_CLOCK_SKEW_SECONDS ahead of the server's clock (70005), not expired, not invalidated) and starts a session that ends at the UserSig's expiry or after 7 days, whichever is first. A UserID's first login creates its account. Failed attempts are throttled (70050 with Retry-After) per client address and per client and UserID, refused before any verification; per UserID across clients only failures are refused, so a valid UserSig still logs in while its UserID is under attack.",
          requestBody: jsonBody(loginSchema, MAX_BODY_BYTES.login, {
            sdkAppId: 1400000000,
            userId: "27149",
            userSig: "eJw...",
            platform: "Android",
          }),
          responses: {
            "200": jsonResponse(
              "Logged in",
              object({
                token: str,
                tokenType: { const: "Bearer" },
                expiresAt: { type: "string", format: "date-time" },
                expiresIn: int,
                sdkAppId: int,
                userId: str,
              }),
            ),
            ...v1Errors,
          },
          "x-codes": [70001, 70002, 70003, 70005, 70009, 70013, 70014, 70016, 70020, 70050, 70051, 70052, 70402],
        },
      },
      "/api/v1/session": {
        get: {
          tags: ["User login"],
          summary: "The session's user and expiry",
          security: [{ session: [] }],
          responses: {
            "200": jsonResponse("The live session", ref("Session")),
            "401": v1Errors["401"],
            "400": v1Errors["400"],
          },
          "x-codes": [70001, 70052, 70402],
        },
      },
      "/api/v1/logout": {
        post: {
          tags: ["User login"],
          summary: "End the session",
          security: [{ session: [] }],
          responses: {
            "200": jsonResponse("Logged out", object({ ok: { const: true } })),
            "401": v1Errors["401"],
            "400": v1Errors["400"],
          },
          "x-codes": [70001, 70052, 70402],
        },
      },
      "/api/v1/health": {
        get: {
          tags: ["Operations"],
          summary: "Readiness",
          description:
            "200 while the database answers, else 503, for load balancers and process managers. No authentication; never cached.",
          responses: {
            "200": jsonResponse("Ready", object({ ok: { const: true } }, ["ok"])),
            "503": jsonResponse("The database is not reachable", object({ ok: { const: false }, error: str }, ["ok"])),
          },
          "x-codes": [],
        },
      },
      "/api/v1/time": {
        get: {
          tags: ["UserSig issuance"],
          summary: "The server's Unix time",
          description:
            "For App Servers and clients whose clock is wrong: a UserSig dated more than TESSERA_CLOCK_SKEW_SECONDS (default 300) ahead of the server's clock is refused with 70005, so sign with this time instead (a clock that is behind only shortens the UserSig's life). No authentication; never cached.",
          responses: {
            "200": jsonResponse(
              "The server's clock",
              object(
                {
                  time: { type: "integer", description: "Unix seconds" },
                  timeMs: { type: "integer", description: "Unix milliseconds" },
                },
                ["time", "timeMs"],
              ),
            ),
          },
          "x-codes": [],
        },
      },
      "/api/v1/usersig": {
        post: {
          tags: ["UserSig issuance"],
          summary: "Issue UserSigs (and PrivateMapKeys) as an app admin",
          description: `For App Servers that do not keep the secret key. Authenticate with the REST API's query parameters. Up to ${MAX_USERSIG_BATCH} UserIDs per call; every ticket is recorded in the ledger and the audit log. UserSig validity defaults to 180 days, PrivateMapKey validity to 300 seconds. Failed authentications are throttled per client and per identifier (429, 70050, Retry-After).`,
          parameters: adminQuery,
          requestBody: jsonBody(usersigRequestSchema, MAX_BODY_BYTES.usersig, {
            userIds: ["27149", "27150"],
            expire: 86400,
            privateMapKey: { room: 1234, privileges: 42, expire: 600 },
          }),
          responses: {
            "200": jsonResponse(
              "Issued tickets",
              object({
                sdkAppId: int,
                userSigs: array(object({ userId: str, userSig: str, expire: int, expiresAt: int })),
                privateMapKeys: array(
                  object({ userId: str, privateMapKey: str, room: { oneOf: [int, str] }, expire: int, expiresAt: int }),
                ),
              }),
            ),
            ...v1Errors,
          },
          "x-codes": [...ADMIN_USERSIG_CODES, 70020, 70050, 70402, 70403],
        },
      },
      "/api/v1/usersig/revoke": {
        post: {
          tags: ["UserSig issuance"],
          summary: "Revoke UserSigs as an app admin",
          description: `Up to ${MAX_REVOKE_BATCH} UserSigs of this app per call, including ones the App Server signed itself. Each must verify with one of the app's live keys; each is answered on its own, in order. A revoked UserSig is refused at login and as a REST admin credential with 70052 (the reason says who revoked it and when), and the sessions it started end at once. Revoking again is harmless. Revocations are kept until the UserSig would have expired. Audited as usersig.revoke.`,
          parameters: adminQuery,
          requestBody: jsonBody(revokeRequestSchema, MAX_BODY_BYTES.revoke, { userSigs: ["eJyrVkrxCc..."] }),
          responses: {
            "200": jsonResponse(
              "One result per UserSig: code 0 when revoked (or already revoked), else the UserSig's rejection code (70001 expired, 70003 malformed, 70009 not signed with this app's keys, 70014 another app's)",
              object({
                sdkAppId: int,
                results: array(
                  object(
                    {
                      index: int,
                      ok: { type: "boolean" },
                      code: int,
                      message: str,
                      userId: str,
                      expiresAt: int,
                      sessionsEnded: int,
                    },
                    ["index", "ok", "code", "message"],
                  ),
                ),
              }),
            ),
            ...v1Errors,
          },
          "x-codes": [...ADMIN_USERSIG_CODES, 70020, 70050, 70402, 70403],
        },
      },
      "/v4/im_open_login_svc/account_import": rest(
        "Import one account",
        restSchemas.account_import,
        { UserID: "27149", Nick: "Alice" },
        {},
        [],
      ),
      "/v4/im_open_login_svc/multiaccount_import": rest(
        `Import up to ${REST_LIMITS.accounts} accounts`,
        restSchemas.multiaccount_import,
        { AccountList: [{ UserID: "27149" }, { UserID: "27150", Nick: "Bob" }] },
        { FailAccounts: array(str) },
        [],
      ),
      "/v4/im_open_login_svc/account_delete": rest(
        `Delete up to ${REST_LIMITS.accounts} accounts`,
        restSchemas.account_delete,
        { DeleteItem: [{ UserID: "27149" }] },
        { ResultItem: array(resultItem) },
        [70107],
      ),
      "/v4/im_open_login_svc/account_check": rest(
        `Check up to ${REST_LIMITS.accounts} accounts`,
        restSchemas.account_check,
        { CheckItem: [{ UserID: "27149" }] },
        {
          ResultItem: array(
            object({
              UserID: str,
              ResultCode: int,
              ResultInfo: str,
              AccountStatus: { type: "string", enum: ["Imported", "NotImported"] },
            }),
          ),
        },
        [],
      ),
      "/v4/im_open_login_svc/kick": rest(
        "Invalidate a user's login state",
        restSchemas.kick,
        { UserID: "27149" },
        {},
        [70107],
      ),
      "/v4/openim/query_online_status": rest(
        `Online status of up to ${REST_LIMITS.online} accounts (online = has a live session)`,
        restSchemas.query_online_status,
        { To_Account: ["27149", "27150"], IsNeedDetail: 1 },
        {
          QueryResult: array(
            object({
              To_Account: str,
              Status: { type: "string", enum: ["Online", "PushOnline", "Offline"] },
              Detail: array(object({ Platform: str, Status: str })),
            }),
          ),
          ErrorList: array(object({ To_Account: str, ErrorCode: int })),
        },
        [70107],
      ),
      "/v4/openim/querystate": rest(
        `Online state of up to ${REST_LIMITS.online} accounts (older command name)`,
        restSchemas.querystate,
        { To_Account: ["27149"] },
        {
          QueryResult: array(
            object({ To_Account: str, State: { type: "string", enum: ["Online", "PushOnline", "Offline"] } }),
          ),
          ErrorList: array(object({ To_Account: str, ErrorCode: int })),
        },
        [70107],
      ),
    },
  };
}
