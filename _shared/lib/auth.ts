// Auth.js (NextAuth 4) with the Prisma adapter and database sessions. Email magic links are mailed
// when EMAIL_SERVER is set and printed to the server log otherwise (development); GitHub and Google
// appear when their credentials are configured. ADMIN_EMAILS get role = admin on sign-in.
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { NextAuthOptions } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import EmailProvider from "next-auth/providers/email";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { appendFile } from "node:fs/promises";
import { createTransport } from "nodemailer";
import { authSecret, getEnv } from "./env";
import { logger } from "./logger";
import { prisma } from "./prisma";
import { forgetSession } from "./session";

export function configuredSignInMethods() {
  const env = getEnv();
  return {
    email: env.EMAIL_SERVER ? ("smtp" as const) : ("log" as const),
    github: Boolean(env.GITHUB_ID),
    google: Boolean(env.GOOGLE_CLIENT_ID),
  };
}

async function sendMagicLink({ identifier, url }: { identifier: string; url: string }) {
  const env = getEnv();
  if (!env.EMAIL_SERVER) {
    // Development: no SMTP configured, so the link goes to the server log (and the dev outbox file,
    // which the browser tests read).
    console.log(`\n  Sign-in link for ${identifier}:\n  ${url}\n`);
    if (env.DEV_OUTBOX_FILE) await appendFile(env.DEV_OUTBOX_FILE, `${JSON.stringify({ to: identifier, url, at: new Date().toISOString() })}\n`);
    return;
  }
  await createTransport(env.EMAIL_SERVER).sendMail({
    to: identifier,
    from: env.EMAIL_FROM,
    subject: "Sign in to Better Ads",
    text: `Sign in to Better Ads:\n${url}\n\nIf you did not ask for this email, ignore it.`,
    html: `<p>Sign in to Better Ads:</p><p><a href="${url}">Sign in</a></p><p>If you did not ask for this email, ignore it.</p>`,
  });
}

async function promoteIfAdmin(user: { id: string; email?: string | null }) {
  const admins = getEnv().ADMIN_EMAILS;
  if (user.email && admins.includes(user.email.toLowerCase())) {
    await prisma.user.update({ where: { id: user.id }, data: { role: "admin" } });
  }
}

/**
 * The Prisma adapter, except that deleting a session (sign-out) also forgets this process's cached
 * lookup of it, so the token stops working at once here (session.ts says how long elsewhere).
 */
function sessionAdapter(): Adapter {
  const adapter = PrismaAdapter(prisma);
  return {
    ...adapter,
    async deleteSession(sessionToken) {
      forgetSession(sessionToken);
      try {
        await adapter.deleteSession!(sessionToken);
      } finally {
        // Again once the row is gone: a request that read it meanwhile may have cached it.
        forgetSession(sessionToken);
      }
    },
  };
}

export function authOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    adapter: sessionAdapter(),
    secret: authSecret(env),
    session: { strategy: "database", maxAge: 30 * 24 * 60 * 60 },
    // Errors (a reused or expired magic link is `Verification`) land on our sign-in page, which says
    // what happened and offers a new link, instead of Auth.js's unbranded error page.
    pages: { signIn: "/signin", verifyRequest: "/signin?sent=1", error: "/signin" },
    providers: [
      EmailProvider({ server: env.EMAIL_SERVER ?? "smtp://localhost", from: env.EMAIL_FROM, sendVerificationRequest: sendMagicLink }),
      ...(env.GITHUB_ID && env.GITHUB_SECRET ? [GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET })] : []),
      ...(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
        ? [GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET })]
        : []),
    ],
    events: {
      async signIn({ user }) {
        await promoteIfAdmin(user);
      },
    },
    logger: {
      error: (code, metadata) => logger.error(`auth: ${code}`, { metadata }),
      warn: (code) => logger.warn(`auth: ${code}`),
      debug: () => undefined,
    },
  };
}
