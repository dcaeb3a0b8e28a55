import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { createSettleAdapter } from "./adapter";
import { grantRole } from "./grant-role";
import { hashSignInToken, issueSignInLink, SIGN_IN_LINK_MAX_AGE_SECONDS } from "./issue-sign-in-link";
import { linkUserToCustomers } from "./link-user-to-customers";
import { requestSignInLink } from "./request-sign-in-link";
import { revokeSession } from "./revoke-session";
import { findSessionUser } from "./get-session-user";

const uid = () => randomUUID().slice(0, 8);
afterAll(() => closeDb());

describe("sign-in links", () => {
  it("stores only the hash of the token, expires in 10 minutes, and can be used once", async () => {
    const db = await getDb();
    const email = `link-${uid()}@example.com`;
    const now = new Date();
    const { url, expires } = await issueSignInLink(db, { email, callbackUrl: "/invoices", now });
    const link = new URL(url);
    expect(link.pathname).toBe("/api/auth/callback/email");
    expect(link.searchParams.get("callbackUrl")).toMatch(/\/invoices$/);
    const token = link.searchParams.get("token")!;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(expires.getTime() - now.getTime()).toBe(SIGN_IN_LINK_MAX_AGE_SECONDS * 1000);

    const rows = await db.verificationToken.findMany({ where: { identifier: email } });
    expect(rows).toHaveLength(1);
    expect(rows[0].token).not.toBe(token);
    expect(rows[0].token).toBe(hashSignInToken(token));

    // next-auth hashes the token from the URL and asks the adapter to use it.
    const adapter = createSettleAdapter(getDb);
    const first = await adapter.useVerificationToken!({ identifier: email, token: hashSignInToken(token) });
    expect(first?.identifier).toBe(email);
    expect(first?.expires.getTime()).toBe(expires.getTime());
    const second = await adapter.useVerificationToken!({ identifier: email, token: hashSignInToken(token) });
    expect(second).toBeNull();
  });

  it("does not accept a token for another address", async () => {
    const db = await getDb();
    const email = `a-${uid()}@example.com`;
    const { url } = await issueSignInLink(db, { email });
    const token = new URL(url).searchParams.get("token")!;
    const adapter = createSettleAdapter(getDb);
    expect(await adapter.useVerificationToken!({ identifier: `other-${email}`, token: hashSignInToken(token) })).toBeNull();
  });

  it("rejects a foreign callbackUrl (no open redirect)", async () => {
    const db = await getDb();
    const { url } = await issueSignInLink(db, { email: `r-${uid()}@example.com`, callbackUrl: "//evil.example/x" });
    expect(new URL(new URL(url).searchParams.get("callbackUrl")!).host).toBe(new URL(url).host);
  });

  it("answers the same for known and unknown addresses, but only mails known ones", async () => {
    const db = await getDb();
    const known = `known-${uid()}@example.com`;
    const unknown = `unknown-${uid()}@example.com`;
    await db.user.create({ data: { email: known } });
    const tasks: (() => Promise<void>)[] = [];
    const defer = (task: () => Promise<void>) => void tasks.push(task);
    const a = await requestSignInLink(db, { input: { email: known }, ip: `ip-${uid()}`, locale: "en", defer });
    const b = await requestSignInLink(db, { input: { email: unknown }, ip: `ip-${uid()}`, locale: "en", defer });
    expect(a).toEqual({ status: "sent", email: known });
    expect(b).toEqual({ status: "sent", email: unknown });
    // Run the deferred work with mail delivery failing (no SMTP here): tokens are issued first.
    await Promise.all(tasks.map((t) => t()));
    expect(await db.verificationToken.count({ where: { identifier: known } })).toBe(1);
    expect(await db.verificationToken.count({ where: { identifier: unknown } })).toBe(0);
    expect(await db.user.count({ where: { email: unknown } })).toBe(0);
  });

  it("a Stripe customer's email may sign in even before a user exists", async () => {
    const db = await getDb();
    const email = `cust-${uid()}@example.com`;
    await db.customer.create({ data: { stripeId: `cus_${uid()}`, email: email.toUpperCase(), stripeCreated: new Date() } });
    const tasks: (() => Promise<void>)[] = [];
    await requestSignInLink(db, { input: { email }, ip: `ip-${uid()}`, locale: "en", defer: (t) => void tasks.push(t) });
    await Promise.all(tasks.map((t) => t()));
    expect(await db.verificationToken.count({ where: { identifier: email } })).toBe(1);
  });

  it("rejects an invalid address", async () => {
    const db = await getDb();
    expect(await requestSignInLink(db, { input: { email: "not-an-email" }, ip: "x", locale: "en" })).toEqual({ status: "invalid" });
  });
});

describe("sessions", () => {
  it("a revoked session no longer resolves to a user; an expired one never does", async () => {
    const db = await getDb();
    const user = await db.user.create({ data: { email: `s-${uid()}@example.com` } });
    const adapter = createSettleAdapter(getDb);
    const token = `tok-${uid()}`;
    await adapter.createSession!({ sessionToken: token, userId: user.id, expires: new Date(Date.now() + 60_000) });
    expect((await findSessionUser(await getDb(), token))?.id).toBe(user.id);
    expect(await revokeSession(db, token)).toBe(true);
    expect(await findSessionUser(await getDb(), token)).toBeNull();
    const old = `tok-${uid()}`;
    await adapter.createSession!({ sessionToken: old, userId: user.id, expires: new Date(Date.now() - 1000) });
    expect(await findSessionUser(await getDb(), old)).toBeNull();
  });

  it("adapter round-trips users by email (case-insensitively) and by account", async () => {
    const adapter = createSettleAdapter(getDb);
    const email = `Mixed-${uid()}@Example.com`;
    const user = await adapter.createUser!({ email, emailVerified: new Date() });
    expect(user.email).toBe(email.toLowerCase());
    expect((await adapter.getUserByEmail!(email))?.id).toBe(user.id);
    await adapter.linkAccount!({ userId: user.id, type: "email", provider: "email", providerAccountId: user.email });
    expect((await adapter.getUserByAccount!({ provider: "email", providerAccountId: user.email }))?.id).toBe(user.id);
    const updated = await adapter.updateUser!({ id: user.id, name: "Renamed" });
    expect(updated.name).toBe("Renamed");
    const db = await getDb();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("CUSTOMER");
  });
});

describe("linkUserToCustomers", () => {
  it("links every live customer with the same email, once; an unverified address links nothing", async () => {
    const db = await getDb();
    const email = `link2-${uid()}@example.com`;
    const unverified = await db.user.create({ data: { email: `un-${email}` } });
    await db.customer.create({ data: { stripeId: `cus_${uid()}`, email: `un-${email}`, stripeCreated: new Date() } });
    expect(await linkUserToCustomers(db, unverified.id)).toBe(0);
    const user = await db.user.create({ data: { email, emailVerified: new Date() } });
    const c1 = await db.customer.create({ data: { stripeId: `cus_${uid()}`, email, stripeCreated: new Date() } });
    const c2 = await db.customer.create({ data: { stripeId: `cus_${uid()}`, email: email.toUpperCase(), stripeCreated: new Date() } });
    await db.customer.create({ data: { stripeId: `cus_${uid()}`, email, deleted: true, stripeCreated: new Date() } });
    await db.customer.create({ data: { stripeId: `cus_${uid()}`, email: `x${email}`, stripeCreated: new Date() } });
    expect(await linkUserToCustomers(db, user.id)).toBe(2);
    expect(await linkUserToCustomers(db, user.id)).toBe(0);
    const links = await db.userCustomer.findMany({ where: { userId: user.id } });
    expect(links.map((l) => l.customerId).sort()).toEqual([c1.id, c2.id].sort());
  });
});

describe("grantRole", () => {
  it("creates the user, sets the role and audits it in the same transaction", async () => {
    const db = await getDb();
    const email = `staff-${uid()}@settle.test`;
    const created = await grantRole(db, { email: email.toUpperCase(), role: "agent", actorLabel: "cli:user-grant" });
    expect(created).toMatchObject({ email, before: null, after: "AGENT", created: true });
    const promoted = await grantRole(db, { email, role: "LEAD", actorLabel: "cli:user-grant" });
    expect(promoted).toMatchObject({ before: "AGENT", after: "LEAD", created: false });
    expect((await db.user.findUniqueOrThrow({ where: { email } })).role).toBe("LEAD");
    const audit = await db.auditEntry.findMany({ where: { entityType: "user", entityId: created.userId }, orderBy: { id: "asc" } });
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ action: "role.grant", actorLabel: "cli:user-grant", before: { role: "AGENT" }, after: { role: "LEAD" } });
  });

  it("rejects a bad role or email with a clear message and changes nothing", async () => {
    const db = await getDb();
    const email = `bad-${uid()}@settle.test`;
    await expect(grantRole(db, { email, role: "SUPERUSER", actorLabel: "cli:user-grant" })).rejects.toThrow(/role must be one of CUSTOMER, AGENT, LEAD, ADMIN/);
    await expect(grantRole(db, { email: "nope", role: "AGENT", actorLabel: "cli:user-grant" })).rejects.toThrow(/email is not a valid email address/);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });
});
