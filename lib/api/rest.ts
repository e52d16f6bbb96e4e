import "server-only";
import { randomBytes } from "node:crypto";
import { type z } from "zod";
import { AppError, GENERIC_ERROR_MESSAGE } from "@/lib/errors";
import { authenticateAppAdmin, type AdminIdentity } from "@/lib/api/app-admin";
import { readJsonBody } from "@/lib/api/body";
import { takeRestCall } from "@/lib/api/rest-rate-limit";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/client-ip";
import { NO_STORE } from "@/lib/api/v1";
import { deleteAccounts, existingUserIds, importAccount, importAccounts, invalidateLogin } from "@/lib/data/accounts";
import { livePlatforms } from "@/lib/data/sessions";
import { auditRejected } from "@/lib/data/rejections";
import { validateUserId } from "@/lib/usersig";
import { MAX_BODY_BYTES } from "@/lib/validations/limits";
import { firstIssue, restSchemas } from "@/lib/validations/api";

// The Tencent-compatible server REST API (SPEC 6). Every answered request is
// HTTP 200 with ActionStatus/ErrorCode/ErrorInfo/RequestId plus the command's
// fields; a client written for Tencent's API works by changing the host.

type Reply = Record<string, unknown>;
type Command<S extends z.ZodType> = { schema: S; run: (identity: AdminIdentity, body: z.infer<S>) => Promise<Reply> };
const command = <S extends z.ZodType>(schema: S, run: Command<S>["run"]): Command<S> => ({ schema, run });

class RestFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const isValid = (userId: string) => validateUserId(userId) === null;

const COMMANDS: Record<string, Command<z.ZodType>> = {
  "im_open_login_svc/account_import": command(restSchemas.account_import, async ({ sdkAppId, actor }, body) => {
    const userId = (body.UserID ?? body.Identifier)!;
    const problem = validateUserId(userId);
    if (problem) throw new RestFailure(70402, `Invalid UserID: ${problem}`);
    await importAccount(actor, sdkAppId, { userId, nickname: body.Nick, faceUrl: body.FaceUrl });
    return {};
  }),
  "im_open_login_svc/multiaccount_import": command(
    restSchemas.multiaccount_import,
    async ({ sdkAppId, actor }, body) => {
      const profiles =
        body.AccountList ?? body.Accounts!.map((UserID) => ({ UserID, Nick: undefined, FaceUrl: undefined }));
      const seen = new Set<string>();
      const good = profiles.filter((p) => isValid(p.UserID) && !seen.has(p.UserID) && seen.add(p.UserID));
      if (good.length > 0) {
        await importAccounts(
          actor,
          sdkAppId,
          good.map((p) => ({ userId: p.UserID, nickname: p.Nick, faceUrl: p.FaceUrl })),
          "account.import-many",
        );
      }
      return { FailAccounts: profiles.filter((p) => !isValid(p.UserID)).map((p) => p.UserID) };
    },
  ),
  "im_open_login_svc/account_delete": command(restSchemas.account_delete, async ({ sdkAppId, actor }, body) => {
    const requested = body.DeleteItem.map((item) => item.UserID);
    const { missing, admins } = await deleteAccounts(actor, sdkAppId, [...new Set(requested.filter(isValid))]);
    const notFound = new Set([...missing, ...requested.filter((id) => !isValid(id))]);
    const adminSet = new Set(admins);
    return {
      ResultItem: requested.map((UserID) =>
        adminSet.has(UserID)
          ? {
              ResultCode: 70402,
              ResultInfo: `"${UserID}" is an app admin and cannot be deleted; remove it as an admin in the console first.`,
              UserID,
            }
          : notFound.has(UserID)
            ? { ResultCode: 70107, ResultInfo: "account does not exist", UserID }
            : { ResultCode: 0, ResultInfo: "", UserID },
      ),
    };
  }),
  "im_open_login_svc/account_check": command(restSchemas.account_check, async ({ sdkAppId }, body) => {
    const requested = body.CheckItem.map((item) => item.UserID);
    const known = await existingUserIds(sdkAppId, requested.filter(isValid));
    return {
      ResultItem: requested.map((UserID) => ({
        UserID,
        ResultCode: 0,
        ResultInfo: "",
        AccountStatus: known.has(UserID) ? "Imported" : "NotImported",
      })),
    };
  }),
  "im_open_login_svc/kick": command(restSchemas.kick, async ({ sdkAppId, actor }, body) => {
    if (!isValid(body.UserID)) throw new RestFailure(70107, `Account "${body.UserID}" does not exist.`);
    await invalidateLogin(actor, sdkAppId, body.UserID);
    return {};
  }),
  "openim/query_online_status": command(restSchemas.query_online_status, async ({ sdkAppId }, body) => {
    const { known, online } = await onlineState(sdkAppId, body.To_Account);
    return {
      QueryResult: body.To_Account.filter((id) => known.has(id)).map((To_Account) => {
        const platforms = online.get(To_Account) ?? [];
        return {
          To_Account,
          // PushOnline (offline but reachable by push) never applies: Tessera has no push channel.
          Status: platforms.length > 0 ? "Online" : "Offline",
          ...(body.IsNeedDetail === 1 && { Detail: platforms.map((Platform) => ({ Platform, Status: "Online" })) }),
        };
      }),
      ErrorList: body.To_Account.filter((id) => !known.has(id)).map((To_Account) => ({ To_Account, ErrorCode: 70107 })),
    };
  }),
  "openim/querystate": command(restSchemas.querystate, async ({ sdkAppId }, body) => {
    const { known, online } = await onlineState(sdkAppId, body.To_Account);
    return {
      QueryResult: body.To_Account.filter((id) => known.has(id)).map((To_Account) => ({
        To_Account,
        State: online.has(To_Account) ? "Online" : "Offline",
      })),
      ErrorList: body.To_Account.filter((id) => !known.has(id)).map((To_Account) => ({ To_Account, ErrorCode: 70107 })),
    };
  }),
};

async function onlineState(sdkAppId: number, userIds: string[]) {
  const valid = [...new Set(userIds.filter(isValid))];
  const [known, online] = await Promise.all([existingUserIds(sdkAppId, valid), livePlatforms(sdkAppId, valid)]);
  return { known, online };
}

export const REST_COMMANDS = Object.keys(COMMANDS);

function reply(requestId: string, code: number, info: string, fields: Reply = {}): Response {
  return Response.json(
    { ActionStatus: code === 0 ? "OK" : "FAIL", ErrorCode: code, ErrorInfo: info, RequestId: requestId, ...fields },
    { headers: NO_STORE },
  );
}

export async function handleRest(request: Request, service: string, name: string): Promise<Response> {
  const requestId = randomBytes(12).toString("hex");
  const ip = clientIp(request.headers.get("x-forwarded-for"));
  const params = new URL(request.url).searchParams;
  const rejectCall = async (code: number, info: string, identity?: AdminIdentity) => {
    await auditRejected({
      actor: identity?.actor ?? { type: "anonymous", id: (params.get("identifier") ?? "").slice(0, 64), ip },
      action: "rest.reject",
      sdkAppId: identity?.sdkAppId ?? null,
      target: `${service}/${name}`.slice(0, 100),
      code,
      details: { reason: info, requestId },
    });
    return reply(requestId, code, info);
  };
  try {
    if (request.method !== "POST")
      return await rejectCall(
        60008,
        `REST commands are called with POST and a JSON body (at least {}), not ${request.method}.`,
      );
    const contentType = params.get("contenttype");
    if (contentType !== null && contentType !== "json") return await rejectCall(60002, 'contenttype must be "json".');
    const random = params.get("random");
    if (random === null || !/^[0-9]{1,10}$/.test(random) || Number(random) > 0xffffffff) {
      return await rejectCall(60002, "The random query parameter is missing or not a 32-bit unsigned integer.");
    }
    const handler = COMMANDS[`${service}/${name}`];
    if (!handler) return await rejectCall(60009, `Unknown command ${service}/${name}.`.slice(0, 200));

    const identity = await authenticateAppAdmin(params, ip, "rest");
    if (!identity.ok) return reply(requestId, identity.restCode, `${identity.message} ${identity.fix}`);
    if (!(await takeRestCall(identity.sdkAppId))) {
      return await rejectCall(
        60007,
        `Too many REST calls for application ${identity.sdkAppId}: at most ${env().TESSERA_REST_RATE_LIMIT} per second. Retry after a short wait.`,
        identity,
      );
    }

    const body = await readJsonBody(request, MAX_BODY_BYTES.rest);
    if (!body.ok) return await rejectCall(body.problem === "too-large" ? 60008 : 60003, body.message, identity);
    if (typeof body.value !== "object" || body.value === null || Array.isArray(body.value))
      return await rejectCall(60003, "The request body must be a JSON object.", identity);
    const parsed = handler.schema.safeParse(body.value);
    if (!parsed.success) return await rejectCall(70402, `Invalid parameters: ${firstIssue(parsed.error)}`, identity);
    try {
      return reply(requestId, 0, "", await handler.run(identity, parsed.data));
    } catch (error) {
      if (error instanceof RestFailure || error instanceof AppError)
        return await rejectCall(error.code, error.message, identity);
      throw error;
    }
  } catch (error) {
    console.error("REST request failed", error);
    // Tencent's code for an internal error: the caller may retry.
    return reply(requestId, 70500, GENERIC_ERROR_MESSAGE);
  }
}
