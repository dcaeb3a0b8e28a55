import "server-only";
import { cookies } from "next/headers";
import type { NextAuthOptions } from "next-auth";
import EmailProvider from "next-auth/providers/email";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { logger } from "@/lib/logger";
import { createSettleAdapter } from "./adapter";
import { isSignInAllowed } from "./is-sign-in-allowed";
import { SIGN_IN_LINK_MAX_AGE_SECONDS } from "./issue-sign-in-link";
import { linkUserToCustomers } from "./link-user-to-customers";
import { sendSignInMail } from "./send-sign-in-mail";
import { revokeSession } from "./revoke-session";
import { authSecret, sessionCookieName } from "./session-cookie";

const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

// next-auth handles exactly one step: the email callback that turns a one-time token into a
// database session. Links are issued by requestSignInLink (rate limited, no enumeration);
// next-auth's own POST /api/auth/signin/email is closed in the route handler.
export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    adapter: createSettleAdapter(getDb),
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 24 * 60 * 60 },
    providers: [
      EmailProvider({
        server: env().SMTP_URL,
        from: env().EMAIL_FROM,
        maxAge: SIGN_IN_LINK_MAX_AGE_SECONDS,
        async sendVerificationRequest({ identifier, url, expires }) {
          await sendSignInMail({ to: identifier, url, expires, locale: "en" });
        },
      }),
    ],
    pages: { signIn: "/sign-in", error: "/sign-in/error", verifyRequest: "/sign-in" },
    callbacks: {
      // next-auth's default allows any URL on baseUrl's origin as a raw string; ours also
      // refuses control characters and dot-segment tricks (lib/http/safe-redirect).
      redirect({ url, baseUrl }) {
        return `${baseUrl.replace(/\/$/, "")}${safeRedirectPath(url, { appOrigin: baseUrl })}`;
      },
      // Defence in depth: a token for an address that may not sign in is never honoured.
      async signIn({ user }) {
        if (!user.email) return false;
        return isSignInAllowed(await getDb(), user.email.toLowerCase());
      },
    },
    events: {
      async signIn({ user }) {
        try {
          const db = await getDb();
          // Rotation: the request still carries the previous session cookie (if any); the new
          // session was created with a fresh token, so the old one is revoked here.
          const previous = (await cookies()).get(sessionCookieName())?.value;
          if (previous) await revokeSession(db, previous);
          await linkUserToCustomers(db, user.id);
        } catch (err) {
          logger.error({ err }, "session rotation or customer linking at sign-in failed");
        }
      },
    },
    logger: {
      error: (code, metadata) => logger.error({ code, metadata: metadata instanceof Error ? metadata.message : undefined }, "next-auth error"),
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: () => {},
    },
  };
}
