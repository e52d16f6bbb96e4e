import { type z } from "zod";
import { REST_LIMITS, restSchemas } from "@/lib/validations/api";
import { MAX_BODY_BYTES } from "@/lib/validations/limits";
import {
  ADMIN_USERSIG_CODES,
  adminQuery,
  array,
  int,
  jsonBody,
  jsonResponse,
  object,
  ref,
  str,
} from "@/lib/api/docs/openapi-parts";
import { ROUTES } from "@/lib/server/routes";
import { CALLBACK_ACTIONS, CALLBACK_REASONS } from "@/lib/callbacks/actions";
import { stateChangeBody } from "@/lib/callbacks/state-change";

// The OpenAPI 3.1 description of the app-facing API and the REST layer,
// served at /api/openapi.json and rendered on the console's API page. The
// /api/v1 paths come from the route table (lib/server/routes.ts), each with
// the documentation its entry carries; request bodies are generated from the
// zod schemas the routes validate with (JSON Schema 2020-12, which OpenAPI
// 3.1 uses), so their fields and limits cannot drift from what is accepted; `x-max-body-bytes` is the cap
// on the raw body (lib/validations/limits.ts). `x-codes` lists the error
// codes an operation can answer with. The state-change callback Tessera
// sends is a webhook; its example is built by the code that sends it.

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
  "HTTP 200 for every answered request. ErrorCode 0 on success; 60002 bad URL/query, 60003 bad JSON, 60004 identifier missing, 60006 SDKAppID invalid, 60007 more calls per second than the app's limit (TESSERA_REST_RATE_LIMIT, default 200) or too many failed authentications from this client or for this identifier (ErrorInfo says when to retry), 60008 body too large, a method other than POST, a multipart body or a malformed Content-Type (checked before authentication), 60009 unknown command, 60010 identifier is not an app admin, 60012 SDKAppID missing, 60015 identifier invalid, 60016 SDKAppID disabled, 70402 invalid parameters, 70500 internal error. When the admin UserSig itself is rejected, ErrorCode is the UserSig's own code, as Tencent's REST API answers, and ErrorInfo says why and how to fix it: 70001 expired (make a new admin UserSig and retry), 70002 missing, 70003 malformed, 70005 malformed or dated more than TESSERA_CLOCK_SKEW_SECONDS (default 300) ahead of the server's clock (see GET /api/v1/time), 70009 signed with another key or altered, 70013 issued for another identifier, 70014 issued for another SDKAppID, 70016 no key, 70051 the admin's account is disabled, 70052 invalidated (kicked) or the UserSig revoked.";

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

// Both online-state commands answer both names: State is what older clients parse.
const onlineStatus = { type: "string", enum: ["Online", "PushOnline", "Offline"] };
const onlineReply = {
  QueryResult: array(
    object({
      To_Account: str,
      Status: onlineStatus,
      State: { ...onlineStatus, deprecated: true, description: "The same as Status, for older clients." },
      Detail: array(object({ Platform: str, Status: str })),
    }),
  ),
  ErrorList: array(object({ To_Account: str, ErrorCode: int })),
};

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
      ...routePaths(),
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
        onlineReply,
        [70107],
      ),
      "/v4/openim/querystate": rest(
        `Online state of up to ${REST_LIMITS.online} accounts (older command name, same answer)`,
        restSchemas.querystate,
        { To_Account: ["27149"] },
        onlineReply,
        [70107],
      ),
    },
  };
}

/** The route table's /api/v1 and operations paths, each method's documentation with its generated request body. */
function routePaths(): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    if (route.family !== "v1") continue;
    const body = route.body && { requestBody: jsonBody(route.body.schema, route.body.maxBytes, route.body.example) };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = { ...route.docs, ...body };
  }
  return paths;
}
