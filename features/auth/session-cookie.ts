import "server-only";
import { env } from "@/lib/env";

// next-auth names its cookies by whether NEXTAUTH_URL is https; we read and clear the same one.
export function sessionCookieName(): string {
  const secure = env().NEXTAUTH_URL.startsWith("https://");
  return `${secure ? "__Secure-" : ""}next-auth.session-token`;
}

// Production refuses to start without NEXTAUTH_SECRET (lib/env). Development and tests get a
// fixed value so links issued by one process verify in another.
export function authSecret(): string {
  return env().NEXTAUTH_SECRET ?? "settle-development-secret-not-for-production";
}
