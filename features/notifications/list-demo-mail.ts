import "server-only";
import { z } from "zod";
import { isDemo } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import type { CaughtMail } from "./mail-catcher";

// Not in lib/env yet: the catcher is demo infrastructure, read only by this demo page.
const catcherUrl = () => z.url().default("http://127.0.0.1:1080").parse(process.env.MAIL_CATCHER_URL || undefined);

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
