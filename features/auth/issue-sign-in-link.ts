import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { authSecret } from "./session-cookie";

export const SIGN_IN_LINK_MAX_AGE_SECONDS = 600;

/** Same hash next-auth applies before useVerificationToken (core/lib/utils hashToken). */
export const hashSignInToken = (token: string, secret = authSecret()) => createHash("sha256").update(`${token}${secret}`).digest("hex");

/** Only same-site paths: an open redirect in a sign-in link would be a phishing gift. */
export function safeCallbackPath(value: unknown): string {
  return safeRedirectPath(value, { appOrigin: env().NEXTAUTH_URL });
}

/**
 * Creates a one-time sign-in token (only its hash is stored) and returns next-auth's email
 * callback URL for it. The magic-link mail and the demo picker both go through this, so
 * next-auth's callback is the only place a session is ever created.
 */
export async function issueSignInLink(db: Db, options: { email: string; callbackUrl?: string; now?: Date }): Promise<{ url: string; expires: Date }> {
  const now = options.now ?? new Date();
  const email = options.email.trim().toLowerCase();
  const token = randomBytes(32).toString("hex");
  const expires = new Date(now.getTime() + SIGN_IN_LINK_MAX_AGE_SECONDS * 1000);
  await db.$transaction([
    db.verificationToken.deleteMany({ where: { identifier: email, expires: { lt: now } } }),
    db.verificationToken.create({ data: { identifier: email, token: hashSignInToken(token), expires } }),
  ]);
  const base = env().NEXTAUTH_URL.replace(/\/$/, "");
  const params = new URLSearchParams({ callbackUrl: `${base}${safeCallbackPath(options.callbackUrl)}`, token, email });
  return { url: `${base}/api/auth/callback/email?${params}`, expires };
}
