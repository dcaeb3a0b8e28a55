import "server-only";
import { getDb } from "@/lib/db";
import { isDemo } from "@/lib/env";
import { listDemoUsers } from "./issue-demo-sign-in-link";

/** The sign-in page's demo picker data; disabled (and no query) outside demo mode. */
export async function getDemoSignIn() {
  if (!isDemo()) return { enabled: false as const, users: [] };
  return { enabled: true as const, users: await listDemoUsers(await getDb()) };
}
