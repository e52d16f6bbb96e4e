import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { auditSignOut } from "@/lib/data/operators";
import { endConsoleSession, startConsoleSession } from "@/lib/data/console-sessions";
import { env } from "@/lib/env";
import { checkCredentials, checkPendingSignIn } from "@/lib/auth/credentials";
import { servedOverHttps } from "@/lib/auth/https";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

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
      authorize: (credentials, req) =>
        checkCredentials(credentials, (req.headers ?? {}) as Record<string, string | undefined>),
    }),
    // Finishes a pending sign-in (the password step's cookie) with a second
    // factor's code, or as it is once every owed step is done.
    CredentialsProvider({
      id: "pending",
      name: "Second factor",
      credentials: { code: { label: "Code", type: "text" } },
      authorize: (credentials, req) =>
        checkPendingSignIn(credentials, (req.headers ?? {}) as Record<string, string | undefined>),
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
        token.sessionVersion = (user as { sessionVersion?: number }).sessionVersion ?? 0;
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
  }
}
