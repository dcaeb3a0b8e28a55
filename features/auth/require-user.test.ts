import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "./get-session-user";

const state: { user: SessionUser | null; links: string[] } = { user: null, links: [] };

vi.mock("./get-session-user", () => ({ getSessionUser: async () => state.user }));
vi.mock("@/lib/db", () => ({
  // requireCustomer's fallback reads the links that still hold (LIVE_LINK) in one raw statement.
  getDb: async () => ({ $queryRaw: async () => state.links.map((customerId) => ({ customerId })) }),
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-settle-path": "/desk/queue?x=1" }) }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

const { requireUser, requireCustomer, guardPage } = await import("./require-user");
const { assertStaff } = await import("./actor");
const { getSessionUser } = await import("./get-session-user");
// How pages, layouts and actions check staff: the one staff check over the request's session user.
const requireStaff = async (minRole?: "AGENT" | "LEAD" | "ADMIN") => assertStaff(await getSessionUser(), minRole);
const { ForbiddenError, UnauthenticatedError } = await import("@/lib/errors");

const as = (role: SessionUser["role"]): SessionUser => ({ id: `u-${role}`, email: `${role.toLowerCase()}@x.test`, name: null, role, locale: null });

beforeEach(() => {
  state.user = null;
  state.links = [];
});

describe("requireUser", () => {
  it("throws 401 for anonymous", async () => {
    await expect(requireUser()).rejects.toBeInstanceOf(UnauthenticatedError);
  });
  it("returns the signed-in user", async () => {
    state.user = as("CUSTOMER");
    await expect(requireUser()).resolves.toMatchObject({ id: "u-CUSTOMER" });
  });
});

describe("requireCustomer", () => {
  it("returns the user with the linked customer ids", async () => {
    state.user = as("CUSTOMER");
    state.links = ["c1", "c2"];
    await expect(requireCustomer()).resolves.toEqual({ user: state.user, customerIds: ["c1", "c2"] });
  });
  it("refuses staff (403): the portal is the customer's view", async () => {
    state.user = as("AGENT");
    await expect(requireCustomer()).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("assertStaff over the session user", () => {
  it("refuses a customer with 403", async () => {
    state.user = as("CUSTOMER");
    const error = await requireStaff("AGENT").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as InstanceType<typeof ForbiddenError>).status).toBe(403);
  });
  it("orders roles: agent < lead < admin", async () => {
    state.user = as("AGENT");
    await expect(requireStaff("AGENT")).resolves.toMatchObject({ role: "AGENT" });
    await expect(requireStaff("LEAD")).rejects.toBeInstanceOf(ForbiddenError);
    state.user = as("LEAD");
    await expect(requireStaff("LEAD")).resolves.toMatchObject({ role: "LEAD" });
    await expect(requireStaff("ADMIN")).rejects.toBeInstanceOf(ForbiddenError);
    state.user = as("ADMIN");
    await expect(requireStaff("LEAD")).resolves.toMatchObject({ role: "ADMIN" });
  });
  it("throws 401 for anonymous", async () => {
    await expect(requireStaff()).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

describe("guardPage", () => {
  it("sends anonymous visitors to sign-in with the page as callbackUrl", async () => {
    const error = (await guardPage(() => requireStaff()).catch((e: unknown) => e)) as { url?: string };
    expect(error.url).toBe(`/sign-in?callbackUrl=${encodeURIComponent("/desk/queue?x=1")}`);
  });
  it("turns 403 into a 404 page", async () => {
    state.user = as("CUSTOMER");
    await expect(guardPage(() => requireStaff())).rejects.toThrow("NEXT_NOT_FOUND");
  });
  it("passes other errors through", async () => {
    await expect(guardPage(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });
});

const { action } = await import("./action");
const { z } = await import("zod");
const deskAction = action({ name: "deskStep", input: z.object({}), run: async ({ actor }) => assertStaff(actor, "AGENT").role });

describe("a server action with a desk guard (the session actor from the request)", () => {
  it("a customer calling a desk action gets the no-access message as data", async () => {
    state.user = as("CUSTOMER");
    expect(await deskAction({ status: "idle" }, new FormData())).toEqual({ status: "error", message: "disputes.err.forbidden" });
  });
  it("anonymous is asked to sign in; staff get through", async () => {
    expect(await deskAction({ status: "idle" }, new FormData())).toEqual({ status: "error", message: "disputes.err.signIn" });
    state.user = as("AGENT");
    expect(await deskAction({ status: "idle" }, new FormData())).toMatchObject({ status: "ok" });
  });
  it("keeps Next's navigation signals flowing", async () => {
    const redirecting = action({
      name: "redirecting",
      input: z.object({}),
      run: async () => Promise.reject(Object.assign(new Error("x"), { digest: "NEXT_REDIRECT;/a" })),
    });
    await expect(redirecting({ status: "idle" }, new FormData())).rejects.toThrow("x");
  });
});
