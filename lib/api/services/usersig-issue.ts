import "server-only";
import { type AdminIdentity } from "@/lib/api/auth/app-admin";
import { issueTickets, type TicketRequest } from "@/lib/data/ticket-issue";
import { DEFAULT_EXPIRE_SECONDS, validateUserId } from "@/lib/usersig";
import { type UsersigRequest } from "@/lib/validations/api";
import { ValidationError } from "@/lib/errors";

// UserSigs (and optionally PrivateMapKeys) for an App Server that does not
// keep the secret key itself.

export type IssuedUserSigs = {
  sdkAppId: number;
  userSigs: { userId: string; userSig: string; expire: number; expiresAt: number }[];
  privateMapKeys?: {
    userId: string;
    privateMapKey: string;
    room: number | string;
    expire: number;
    expiresAt: number;
  }[];
};

/** Recommended PrivateMapKey validity is short (SPEC 3): five minutes unless asked otherwise. */
export const DEFAULT_PRIVATE_MAP_KEY_EXPIRE = 300;

export async function issueForAppServer(identity: AdminIdentity, request: UsersigRequest): Promise<IssuedUserSigs> {
  const bad = request.userIds
    .map((userId) => [userId, validateUserId(userId)] as const)
    .filter(([, problem]) => problem !== null);
  if (bad.length > 0) throw new ValidationError(`Invalid UserID "${bad[0]![0].slice(0, 40)}": ${bad[0]![1]}`);
  const { sdkAppId, actor } = identity;
  const expire = request.expire ?? DEFAULT_EXPIRE_SECONDS;
  const wanted: TicketRequest[] = request.userIds.map((userId) => ({ kind: "usersig", sdkAppId, userId, expire }));
  const room = request.privateMapKey;
  if (room) {
    for (const userId of request.userIds) {
      wanted.push({
        kind: "privatemapkey",
        sdkAppId,
        userId,
        room: room.room,
        privileges: room.privileges,
        expire: room.expire ?? DEFAULT_PRIVATE_MAP_KEY_EXPIRE,
      });
    }
  }
  const issued = await issueTickets(actor, sdkAppId, wanted);
  const count = request.userIds.length;
  return {
    sdkAppId,
    userSigs: issued
      .slice(0, count)
      .map((t, i) => ({ userId: request.userIds[i]!, userSig: t.ticket, expire: t.expire, expiresAt: t.expiresAt })),
    ...(room && {
      privateMapKeys: issued.slice(count).map((t, i) => ({
        userId: request.userIds[i]!,
        privateMapKey: t.ticket,
        room: room.room,
        expire: t.expire,
        expiresAt: t.expiresAt,
      })),
    }),
  };
}
