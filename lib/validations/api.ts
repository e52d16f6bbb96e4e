import { z } from "zod";
import { MAX_EXPIRE_SECONDS, PRIVILEGES } from "@/lib/usersig/constants";
import { roomProblem, storableText } from "@/lib/validations/common";

// Schemas for the app-facing API (/api/v1) and the REST compatibility layer
// (/v4). UserIDs are checked for format separately (lib/usersig
// validateUserId) so each bad one gets its own clear message.

export const REST_LIMITS = { accounts: 100, online: 500 } as const;
export const MAX_USERSIG_BATCH = 100;

// `.meta` descriptions end up in the OpenAPI document (lib/api/docs/openapi.ts),
// which is generated from these schemas.
const sdkAppId = z
  .union(
    [
      z.number().int().positive().max(0xffffffff),
      z
        .string()
        .regex(/^[1-9][0-9]{0,9}$/)
        .transform(Number),
    ],
    {
      error: "sdkAppId must be a positive integer.",
    },
  )
  .meta({ description: "The application's SDKAppID, 1 to 4294967295 (a number or a decimal string)." });
const userIdText = z.string({ error: "must be a string" }).max(256).meta({
  description: "A UserID: 1-32 bytes of printable ASCII, checked after parsing (recommended a-z A-Z 0-9 _ -).",
});

/** The platforms Tencent's online-status Detail names; a login may say which it is. */
export const PLATFORMS = ["iPhone", "Android", "Web", "PC", "iPad", "Mac", "Linux", "Unknown"] as const;
export type Platform = (typeof PLATFORMS)[number];

export const loginSchema = z.object({
  sdkAppId,
  userId: userIdText,
  // Missing or empty reaches the verifier, which answers 70002.
  userSig: z
    .string({ error: "userSig must be a string." })
    .max(16 * 1024)
    .default(""),
  platform: z
    .enum(PLATFORMS, { error: `platform must be one of ${PLATFORMS.join(", ")}.` })
    .default("Unknown")
    .meta({ description: "What the client runs on; reported per session by the REST online-status Detail." }),
});

const expire = z.number().int().positive().max(MAX_EXPIRE_SECONDS).meta({ description: "Validity in seconds." });
const privilegeNames = Object.keys(PRIVILEGES) as [keyof typeof PRIVILEGES, ...(keyof typeof PRIVILEGES)[]];

export const usersigRequestSchema = z.object({
  userIds: z.array(userIdText).min(1).max(MAX_USERSIG_BATCH, `at most ${MAX_USERSIG_BATCH} UserIDs per call`),
  expire: expire.optional(),
  privateMapKey: z
    .object({
      room: z.union([z.number().int().min(1).max(0xffffffff), z.string().min(1).max(64)]).superRefine((room, ctx) => {
        const problem = roomProblem(room);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
      privileges: z.union([z.number().int().min(1).max(255), z.array(z.enum(privilegeNames)).min(1)]).default(255),
      expire: expire.optional(),
    })
    .optional(),
});

export type UsersigRequest = z.infer<typeof usersigRequestSchema>;

/** UserSigs one revoke call may name. */
export const MAX_REVOKE_BATCH = 100;

export const revokeRequestSchema = z.object({
  userSigs: z
    .array(
      z
        .string()
        .min(1)
        .max(16 * 1024),
    )
    .min(1)
    .max(MAX_REVOKE_BATCH, `at most ${MAX_REVOKE_BATCH} UserSigs per call`),
});

// Tencent clients send extra fields and sometimes numbers where strings are
// expected; unknown keys are ignored and only the fields used are checked.
const profileText = storableText(500).optional();
const accountItem = z.object({ UserID: userIdText, Nick: profileText, FaceUrl: profileText });
const userIdItems = z
  .array(z.object({ UserID: userIdText }))
  .min(1)
  .max(REST_LIMITS.accounts, `at most ${REST_LIMITS.accounts} items per call`);
const toAccounts = z
  .array(userIdText)
  .min(1)
  .max(REST_LIMITS.online, `at most ${REST_LIMITS.online} accounts per call`);

// Tencent has renamed request fields over the years and still answers
// clients that send the older name, so both are accepted: the older one is
// marked deprecated in the OpenAPI document, a body that gives both with
// different values is refused (70402) rather than one of them silently
// winning, and the commands see only the current name. lib/api/README.md, "Legacy
// names accepted" says which source shows each older name.
function renamed<Current, Legacy>(
  current: string,
  legacy: string,
  same: (current: Current, legacy: Legacy) => boolean,
) {
  return (body: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const [now, old] = [body[current], body[legacy]];
    if (now === undefined && old === undefined)
      ctx.addIssue({ code: "custom", path: [current], message: `required (older clients send it as ${legacy})` });
    else if (now !== undefined && old !== undefined && !same(now as Current, old as Legacy))
      ctx.addIssue({
        code: "custom",
        path: [legacy],
        message: `differs from ${current}; ${legacy} is ${current}'s older name, so send one of them`,
      });
  };
}

// account_import and kick named the account Identifier before UserID.
const olderUserId = userIdText.meta({
  deprecated: true,
  description: "A UserID under its older name: send UserID. Accepted from clients written before Tencent renamed it.",
});
// The document cannot say "one of the two" from the refinement, so the description does.
const namedAccount = z.object({
  UserID: userIdText
    .meta({ description: `${userIdText.description} Required, unless sent under its older name Identifier.` })
    .optional(),
  Identifier: olderUserId.optional(),
});
const oneUserId = renamed<string, string>("UserID", "Identifier", (a, b) => a === b);
const toUserId = <Body extends { UserID?: string; Identifier?: string }>(body: Body) => {
  const { Identifier, ...rest } = body;
  return { ...rest, UserID: (body.UserID ?? Identifier)! };
};

const onlineQuery = z.object({
  To_Account: toAccounts,
  IsNeedDetail: z.union([z.literal(0), z.literal(1)]).optional(),
});

export const restSchemas = {
  account_import: namedAccount
    .extend({
      Nick: profileText,
      FaceUrl: profileText,
      // Read past like any unknown field; listed so the document says it is taken.
      Type: z.unknown().optional().meta({
        deprecated: true,
        description:
          "The account type older clients send (0 ordinary, 1 robot); ignored, as Tessera has no robot accounts.",
      }),
    })
    .superRefine(oneUserId)
    .transform(toUserId),
  multiaccount_import: z
    .object({
      AccountList: z
        .array(accountItem)
        .min(1)
        .max(REST_LIMITS.accounts, `at most ${REST_LIMITS.accounts} accounts per call`)
        .optional(),
      Accounts: z
        .array(userIdText)
        .min(1)
        .max(REST_LIMITS.accounts, `at most ${REST_LIMITS.accounts} accounts per call`)
        .optional()
        .meta({
          deprecated: true,
          description: "AccountList's older form, UserIDs without profiles: send AccountList.",
        }),
    })
    .superRefine(
      renamed<{ UserID: string }[], string[]>(
        "AccountList",
        "Accounts",
        (list, ids) => list.length === ids.length && list.every((item, i) => item.UserID === ids[i]),
      ),
    )
    .transform(({ AccountList, Accounts }) => ({
      AccountList: AccountList ?? Accounts!.map((UserID): z.infer<typeof accountItem> => ({ UserID })),
    })),
  account_delete: z.object({ DeleteItem: userIdItems }),
  account_check: z.object({ CheckItem: userIdItems }),
  kick: namedAccount.superRefine(oneUserId).transform(toUserId),
  query_online_status: onlineQuery,
  // The older command name took IsNeedDetail as well.
  querystate: onlineQuery,
} as const;

/** "DeleteItem.3.UserID: must be a string" from the first issue. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid request";
  return issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
}
