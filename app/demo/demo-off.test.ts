import { describe, expect, it, vi } from "vitest";

// With SETTLE_DEMO unset the demo picker and mailbox do not exist (404), whatever is asked.
vi.stubEnv("SETTLE_DEMO", "0");
vi.mock("next/navigation", () => ({
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
  redirect: () => {
    throw new Error("NEXT_REDIRECT");
  },
}));
const dbCalls: string[] = [];
vi.mock("@/lib/db", () => ({
  getDb: async () => new Proxy({}, { get: (_t, model: string) => new Proxy({}, { get: (_u, op: string) => async () => void dbCalls.push(`${model}.${op}`) }) }),
}));

const { NotFoundError } = await import("@/lib/errors");
const { issueDemoSignInLink } = await import("@/features/auth/issue-demo-sign-in-link");
const { getDemoSignIn } = await import("@/features/auth/get-demo-sign-in");
const { listDemoMail } = await import("@/features/notifications/list-demo-mail");
const { getDb } = await import("@/lib/db");
const MailboxPage = (await import("@/app/demo/mailbox/page")).default;
const demoRoute = await import("@/app/api/demo/sign-in/route");

describe("demo features when SETTLE_DEMO is off", () => {
  it("the picker is hidden and issues no links", async () => {
    expect(await getDemoSignIn()).toEqual({ enabled: false, users: [] });
    await expect(issueDemoSignInLink(await getDb(), { email: "alice@example.com" })).rejects.toBeInstanceOf(NotFoundError);
    expect(dbCalls).toEqual([]);
  });

  it("the mailbox feature and page are 404", async () => {
    await expect(listDemoMail()).rejects.toBeInstanceOf(NotFoundError);
    await expect(MailboxPage()).rejects.toThrow("NEXT_NOT_FOUND");
  });

  it("the picker's sign-in route answers 404 and touches nothing", async () => {
    const form = new FormData();
    form.set("email", "agent@settle.test");
    const res = await demoRoute.POST(new Request("http://localhost:3000/api/demo/sign-in", { method: "POST", body: form }));
    expect(res.status).toBe(404);
    expect(res.headers.get("location")).toBeNull();
    expect(dbCalls).toEqual([]);
  });
});
