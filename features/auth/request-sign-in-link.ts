import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db";
import type { Locale } from "@/lib/i18n";
import { logger } from "@/lib/logger";
import { isSignInAllowed } from "./is-sign-in-allowed";
import { issueSignInLink } from "./issue-sign-in-link";
import { sendSignInMail } from "./send-sign-in-mail";
import { consumeSignInAttempt } from "./sign-in-rate-limit";

export const signInRequestSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  callbackUrl: z.string().max(2000).optional(),
});

export type SignInRequestResult = { status: "sent"; email: string } | { status: "invalid" } | { status: "rate_limited"; retryAfterSeconds: number };

/**
 * Sends a magic link when the address may sign in. The answer is "sent" for known and unknown
 * addresses alike, and the mail goes out through `defer` (after the response) so the response
 * time does not tell them apart either.
 */
export async function requestSignInLink(
  db: Db,
  options: {
    input: unknown;
    ip: string;
    locale: Locale;
    defer?: (task: () => Promise<void>) => void;
  },
): Promise<SignInRequestResult> {
  const parsed = signInRequestSchema.safeParse(options.input);
  if (!parsed.success) return { status: "invalid" };
  const { email, callbackUrl } = parsed.data;

  const verdict = await consumeSignInAttempt(db, { email, ip: options.ip });
  if (!verdict.ok) return { status: "rate_limited", retryAfterSeconds: verdict.retryAfterSeconds };

  const task = async () => {
    if (!(await isSignInAllowed(db, email))) return;
    const user = await db.user.findUnique({ where: { email }, select: { locale: true } });
    const link = await issueSignInLink(db, { email, callbackUrl });
    const locale = user?.locale === "ru" || user?.locale === "en" ? user.locale : options.locale;
    await sendSignInMail({ to: email, url: link.url, expires: link.expires, locale });
  };
  const guarded = () => task().catch((err) => logger.error({ err }, "sending a sign-in link failed"));
  if (options.defer) options.defer(guarded);
  else await guarded();
  return { status: "sent", email };
}
