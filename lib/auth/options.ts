import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { auditSignOut } from "@/lib/data/operators";
import { endConsoleSession, startConsoleSession } from "@/lib/data/console-sessions";
import { env } from "@/lib/env";
import { checkCredentials, checkPasskey, type FirstStep, publicly } from "@/lib/auth/credentials";
import { setPendingCookie } from "@/lib/auth/pending-cookie";
import { finishPendingSignIn, type SessionUser, SIGN_IN_STEP_ERRORS } from "@/lib/auth/sign-in-flow";
import { clientIp } from "@/lib/client-ip";
import { createPendingSignIn } from "@/lib/data/pending-sign-ins";
import { servedOverHttps } from "@/lib/auth/https";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

const headersOf = (request: { headers?: unknown }) => (request.headers ?? {}) as Record<string, string | undefined>;

/**
 * After the first step (a password, or a passkey alone): the next-auth user
 * when nothing more is owed. Otherwise no session yet, only a pending sign-in
 * the browser keeps in an HttpOnly cookie, and an error that tells the
 * sign-in form which page finishes it.
 */
async function firstStepDone(operator: FirstStep | null) {
  if (!operator) return null;
  if (operator.next === "session")
    return {
      id: operator.id,
      email: operator.email,
      name: operator.name,
      sessionVersion: operator.sessionVersion,
      method: "password",
    } satisfies SessionUser;
  const step = operator.next;
  await publicly(async () => setPendingCookie(await createPendingSignIn(operator, step)));
  throw new Error(SIGN_IN_STEP_ERRORS[step]);
}

// JWT sessions carry who signed in, when, the operator's sessionVersion and
// the server-side console session (lib/data/console-sessions.ts);
// getSession() re-reads the operator and that session on every request, so
// a disabled operator, a new password, a new role or an idle console ends
// sessions at once.
export const authOptions = (requestHeaders: Headers): NextAuthOptions => ({
  secret: env().NEXTAUTH_SECRET,
  useSecureCookies: servedOverHttps(requestHeaders.get("x-forwarded-proto")),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 0 },
  jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials, req) => firstStepDone(await checkCredentials(credentials, headersOf(req))),
    }),
    // "Sign in with a passkey": a discoverable passkey's assertion (JSON) instead of a password.
    CredentialsProvider({
      id: "passkey",
      name: "Passkey",
      credentials: { response: { label: "Passkey", type: "text" } },
      authorize: async (credentials, req) => firstStepDone(await checkPasskey(credentials, headersOf(req))),
    }),
    // Finishes a pending sign-in (the first step's cookie) with a second
    // factor (a code, or a passkey's assertion), or as it is once every owed
    // step is done; an SSO sign-in ends here too (lib/auth/sso-flow.ts).
    CredentialsProvider({
      id: "pending",
      name: "Second factor",
      credentials: { code: { label: "Code", type: "text" }, passkey: { label: "Passkey", type: "text" } },
      authorize: (credentials, req) =>
        publicly(() =>
          finishPendingSignIn(
            { code: String(credentials?.code ?? ""), passkey: String(credentials?.passkey ?? "") },
            clientIp(headersOf(req)["x-forwarded-for"]),
          ),
        ),
    }),
  ],
  events: {
    async signOut({ token }) {
      if (token?.sid) await endConsoleSession(token.sid);
      if (token?.operatorId) await auditSignOut(token.operatorId);
    },
  },
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.operatorId = user.id;
        token.sessionVersion = (user as Partial<SessionUser>).sessionVersion ?? 0;
        token.method = (user as Partial<SessionUser>).method ?? "password";
        token.authTime = Math.floor(Date.now() / 1000);
        token.sid = await startConsoleSession(user.id);
      }
      return token;
    },
    session({ session, token }) {
      return {
        ...session,
        operatorId: token.operatorId,
        sessionVersion: token.sessionVersion,
        authTime: token.authTime,
        sid: token.sid,
        method: token.method,
      };
    },
  },
});

declare module "next-auth/jwt" {
  interface JWT {
    operatorId?: string;
    sessionVersion?: number;
    authTime?: number;
    sid?: string;
    method?: SessionUser["method"];
  }
}
