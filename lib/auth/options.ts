import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { auditSignOut, authenticateOperator } from "@/lib/data/operators";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/client-ip";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

// JWT sessions carry only who signed in, when, and the operator's
// sessionVersion; getSession() re-reads the operator on every request so a
// disabled operator, a new password or a new role ends old sessions at once.
export const authOptions: NextAuthOptions = {
  secret: env().NEXTAUTH_SECRET,
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
          return operator ? { id: operator.id, email: operator.email, name: operator.name, sessionVersion: operator.sessionVersion } : null;
        } catch (error) {
          // Only throttle and size messages are shown; they say nothing about whether the email exists.
          if (error instanceof AppError) throw new Error(error.message);
          throw error;
        }
      },
    }),
  ],
  events: {
    async signOut({ token }) {
      if (token?.operatorId) await auditSignOut(token.operatorId);
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.operatorId = user.id;
        token.sessionVersion = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        token.authTime = Math.floor(Date.now() / 1000);
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, operatorId: token.operatorId, sessionVersion: token.sessionVersion, authTime: token.authTime };
    },
  },
};

declare module "next-auth/jwt" {
  interface JWT {
    operatorId?: string;
    sessionVersion?: number;
    authTime?: number;
  }
}
