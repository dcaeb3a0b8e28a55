import "server-only";
import { env, isDemo } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import type { CaughtMail } from "./mail-catcher";

const catcherUrl = () => env().MAIL_CATCHER_URL.replace(/\/$/, "");

export type DemoMailbox = { available: true; messages: CaughtMail[] } | { available: false; url: string };

/** The demo mailbox page's data; does not exist outside demo mode. */
export async function listDemoMail(): Promise<DemoMailbox> {
  if (!isDemo()) throw new NotFoundError();
  const url = catcherUrl();
  try {
    const res = await fetch(`${url}/messages`, { cache: "no-store", signal: AbortSignal.timeout(3000) });
    if (!res.ok) return { available: false, url };
    return { available: true, messages: (await res.json()) as CaughtMail[] };
  } catch {
    return { available: false, url };
  }
}
