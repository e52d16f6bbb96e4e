import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { auditSignOut, authenticateOperator } from "@/lib/data/operators";
import { finishPendingSignIn, SIGN_IN_STEP_ERRORS } from "@/lib/auth/sign-in-flow";
import { createPendingSignIn } from "@/lib/data/pending-sign-ins";
import { setPendingCookie } from "@/lib/auth/pending-cookie";
import { endConsoleSession, startConsoleSession } from "@/lib/data/console-sessions";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/client-ip";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * Whether the console is served over HTTPS: NEXTAUTH_URL says so, or the
 * trusted proxy in front does (X-Forwarded-Proto, honoured only when
 * TESSERA_TRUSTED_PROXY_HOPS says a proxy is there). Then session cookies
 * are Secure and carry the __Secure- / __Host- prefixes.
 */
export function servedOverHttps(requestHeaders: Headers): boolean {
  if (env().NEXTAUTH_URL?.startsWith("https://")) return true;
  const proto = requestHeaders.get("x-forwarded-proto")?.split(",").at(-1)?.trim();
  return env().TESSERA_TRUSTED_PROXY_HOPS > 0 && proto === "https";
}

// JWT sessions carry who signed in, when, the operator's sessionVersion and
// the server-side console session (lib/data/console-sessions.ts);
// getSession() re-reads the operator and that session on every request, so
// a disabled operator, a new password, a new role or an idle console ends
// sessions at once.
export const authOptions = (requestHeaders: Headers): NextAuthOptions => ({
  secret: env().NEXTAUTH_SECRET,
  useSecureCookies: servedOverHttps(requestHeaders),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 0 },
  jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const headers = (req.headers ?? {}) as Record<string, string | undefined>;
        try {
          const operator = await authenticateOperator({
            email: String(credentials?.email ?? ""),
            password: String(credentials?.password ?? ""),
            ip: clientIp(headers["x-forwarded-for"]),
          });
          if (!operator) return null;
          if (operator.next === "session")
            return {
              id: operator.id,
              email: operator.email,
              name: operator.name,
              sessionVersion: operator.sessionVersion,
            };
          // The password was right but a step is owed: no session yet, only a
          // pending sign-in the browser keeps in an HttpOnly cookie; the error
          // tells the sign-in form which page finishes it.
          await setPendingCookie(await createPendingSignIn(operator, operator.next));
          throw new Error(SIGN_IN_STEP_ERRORS[operator.next]);
        } catch (error) {
          // Only throttle and size messages are shown; they say nothing about whether the email exists.
          if (error instanceof AppError) throw new Error(error.message);
          throw error;
        }
      },
    }),
    // Finishes a pending sign-in (the password step's cookie) with a second
    // factor's code, or as it is once every owed step is done.
    CredentialsProvider({
      id: "pending",
      name: "Second factor",
      credentials: { code: { label: "Code", type: "text" } },
      async authorize(credentials, req) {
        const headers = (req.headers ?? {}) as Record<string, string | undefined>;
        try {
          return await finishPendingSignIn(String(credentials?.code ?? ""), clientIp(headers["x-forwarded-for"]));
        } catch (error) {
          if (error instanceof AppError) throw new Error(error.message);
          throw error;
        }
      },
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
