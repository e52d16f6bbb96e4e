import "server-only";
import type { AuthorisedOperator } from "@/lib/auth/session";
import { isAppAdmin } from "@/lib/data/admins";
import { getSetting } from "@/lib/data/settings";
import { ForbiddenError } from "@/lib/errors";

// What an operator may issue from the console. A UserSig for an app admin's
// identifier is an admin credential (it authenticates to /v4 and
// /api/v1/usersig), so only those who manage app admins may issue one; and
// a developer's test UserSigs are short-lived (an owner sets how short), so
// none outlives the developer's own access by long.

/** The longest validity this operator may issue; undefined when their role is not limited. */
export async function maxIssueExpire(operator: AuthorisedOperator): Promise<number | undefined> {
  return operator.can("admins.write") ? undefined : getSetting("tickets.developerMaxExpire");
}

export async function assertMayIssue(
  operator: AuthorisedOperator,
  sdkAppId: number,
  userId: string,
  expire: number,
): Promise<void> {
  const max = await maxIssueExpire(operator);
  if (max === undefined) return;
  if (await isAppAdmin(sdkAppId, userId)) {
    throw new ForbiddenError(
      `"${userId}" is an app admin of application ${sdkAppId}: only operators who manage app admins may issue its tickets.`,
    );
  }
  if (expire > max)
    throw new ForbiddenError(
      `Your role may issue tickets valid for at most ${formatSeconds(max)}; choose a shorter validity.`,
    );
}

const formatSeconds = (seconds: number) =>
  seconds % 86_400 === 0 ? `${seconds / 86_400} day(s)` : `${seconds} seconds`;
