import "server-only";
import { type z } from "zod";
import { type AdminIdentity } from "@/lib/api/auth/app-admin";
import { deleteAccounts, existingUserIds, importAccount, importAccounts, invalidateLogin } from "@/lib/data/accounts";
import { livePlatforms } from "@/lib/data/sessions";
import { validateUserId } from "@/lib/usersig";
import { restSchemas } from "@/lib/validations/api";

// The /v4 REST commands (SPEC 6): each command's body schema and the data
// call it makes for the authenticated app admin. The envelope around them
// (query checks, authentication, rate limit, body parsing) is
// lib/api/http/rest-route.ts.

export type RestReply = Record<string, unknown>;
export type RestCommand<S extends z.ZodType = z.ZodType> = {
  schema: S;
  run: (identity: AdminIdentity, body: z.infer<S>) => Promise<RestReply>;
};
const command = <S extends z.ZodType>(schema: S, run: RestCommand<S>["run"]): RestCommand<S> => ({ schema, run });

/** A command's refusal, answered in the envelope with its REST code. */
export class RestFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const isValid = (userId: string) => validateUserId(userId) === null;

const COMMANDS: Record<string, RestCommand> = {
  "im_open_login_svc/account_import": command(restSchemas.account_import, async ({ sdkAppId, actor }, body) => {
    const userId = body.UserID;
    const problem = validateUserId(userId);
    if (problem) throw new RestFailure(70402, `Invalid UserID: ${problem}`);
    await importAccount(actor, sdkAppId, { userId, nickname: body.Nick, faceUrl: body.FaceUrl });
    return {};
  }),
  "im_open_login_svc/multiaccount_import": command(
    restSchemas.multiaccount_import,
    async ({ sdkAppId, actor }, body) => {
      const profiles = body.AccountList;
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
  "openim/query_online_status": command(restSchemas.query_online_status, ({ sdkAppId }, body) =>
    onlineStatus(sdkAppId, body),
  ),
  "openim/querystate": command(restSchemas.querystate, ({ sdkAppId }, body) => onlineStatus(sdkAppId, body)),
};

// Both commands answer alike, each result under both of its names: Tencent's
// pages have shown either command answering Status or State, and its
// querystate answers both (lib/api/README.md, "Legacy names accepted").
async function onlineStatus(
  sdkAppId: number,
  body: z.infer<typeof restSchemas.query_online_status>,
): Promise<RestReply> {
  const { known, online } = await onlineState(sdkAppId, body.To_Account);
  return {
    QueryResult: body.To_Account.filter((id) => known.has(id)).map((To_Account) => {
      const platforms = online.get(To_Account) ?? [];
      // PushOnline (offline but reachable by push) never applies: Tessera has no push channel.
      const status = platforms.length > 0 ? "Online" : "Offline";
      return {
        To_Account,
        Status: status,
        State: status,
        ...(body.IsNeedDetail === 1 && { Detail: platforms.map((Platform) => ({ Platform, Status: "Online" })) }),
      };
    }),
    ErrorList: body.To_Account.filter((id) => !known.has(id)).map((To_Account) => ({ To_Account, ErrorCode: 70107 })),
  };
}

async function onlineState(sdkAppId: number, userIds: string[]) {
  const valid = [...new Set(userIds.filter(isValid))];
  const [known, online] = await Promise.all([existingUserIds(sdkAppId, valid), livePlatforms(sdkAppId, valid)]);
  return { known, online };
}

/** The command `service/name` names, if there is one. */
export function findRestCommand(service: string, name: string): RestCommand | undefined {
  return COMMANDS[`${service}/${name}`];
}
