// Access follows Stripe's truth: who sees a customer is decided by the customer's current email
// and existence in Stripe (or a lead's audited link), end to end through the emulator's webhooks.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { drainEvents } from "@/features/stripe-sync/processor/process-events";
import { apiClient, paidInvoice } from "@/features/stripe-sync/testing/billing";
import { startWorld, type SyncWorld } from "@/features/stripe-sync/testing/harness";
import { createUser } from "@/features/disputes/testing/fixtures";
import { notifyCustomer } from "@/features/disputes/notify";
import { drainOutbox } from "@/features/notifications/drain-outbox";
import { createSettleAdapter } from "./adapter";
import { findSessionUser } from "./get-session-user";
import { linkCustomerUser } from "./link-customer-user";
import { linkUserToCustomers } from "./link-user-to-customers";
import { unlinkCustomerUser } from "./unlink-customer-user";

let world: SyncWorld;
let stripe: Stripe;
beforeAll(async () => {
  world = await startWorld({ seed: 23 });
  stripe = apiClient(world.emu.url);
});
afterAll(async () => {
  await world.close();
  await closeDb();
}, 60_000);

const uid = () => randomUUID().slice(0, 8);
const sync = async () => {
  await world.emu.emulator.webhooks.flush();
  await drainEvents(await getDb());
};

/** The sign-in steps next-auth runs for a verified magic link: verified user, links, new session. */
async function signIn(email: string) {
  const db = await getDb();
  const user = await db.user.upsert({ where: { email }, create: { email, emailVerified: new Date() }, update: { emailVerified: new Date() } });
  await linkUserToCustomers(db, user.id);
  const sessionToken = `tok_${randomUUID()}`;
  await createSettleAdapter(getDb).createSession!({ sessionToken, userId: user.id, expires: new Date(Date.now() + 86_400_000) });
  return { user, sessionToken };
}

/** Carol (signed in, verified) and the customer carrying her address, with a finalized invoice, synced. */
async function carolsCustomer() {
  const carol = `carol-${uid()}@example.test`;
  const { customer, invoice } = await paidInvoice(stripe, { lines: 1, pay: false });
  await stripe.customers.update(customer.id, { email: carol });
  await sync();
  const db = await getDb();
  const row = await db.customer.findUniqueOrThrow({ where: { stripeId: customer.id } });
  const session = await signIn(carol);
  expect((await findSessionUser(await getDb(), session.sessionToken))?.customerIds).toEqual([row.id]);
  expect(await db.invoice.count({ where: { stripeId: invoice.id, customerId: row.id } })).toBe(1);
  return { carol, customer, customerId: row.id, ...session };
}

describe("access follows the customer's email in Stripe", () => {
  it("an email change in Stripe ends the old address's access: open session and fresh sign-in; the new address gets it", async () => {
    const db = await getDb();
    const { customer, customerId, user, sessionToken } = await carolsCustomer();
    const dave = `dave-${uid()}@example.test`;
    await db.user.create({ data: { email: dave, emailVerified: new Date() } });
    await stripe.customers.update(customer.id, { email: dave });
    await sync();

    // The open session is gone (her only link ended), and a fresh sign-in sees nothing.
    expect(await findSessionUser(await getDb(), sessionToken)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    const again = await signIn(user.email);
    expect((await findSessionUser(await getDb(), again.sessionToken))?.customerIds).toEqual([]);
    expect(await db.userCustomer.count({ where: { userId: user.id } })).toBe(0);
    // Dave, verified earlier, sees the customer without signing in again.
    const daveUser = await db.user.findUniqueOrThrow({ where: { email: dave } });
    expect(await db.userCustomer.findMany({ where: { userId: daveUser.id }, select: { customerId: true, source: true } })).toEqual([
      { customerId, source: "EMAIL" },
    ]);
    // The system recorded why the link ended.
    expect(await db.auditEntry.findFirst({ where: { action: "customer.unlink", entityId: customerId }, orderBy: { id: "desc" } })).toMatchObject({
      actorLabel: "system:sync",
      reason: "stripe_email_changed",
      before: { userId: user.id, source: "EMAIL" },
    });
  });

  it("a customer deleted in Stripe ends every link, staff links too; staff keep their role and sessions", async () => {
    const db = await getDb();
    const { customer, customerId, user, sessionToken } = await carolsCustomer();
    const lead = await createUser(db, "LEAD");
    const leadSession = `tok_${randomUUID()}`;
    await db.session.create({ data: { sessionToken: leadSession, userId: lead.id, expires: new Date(Date.now() + 86_400_000) } });
    const accountant = `acct-${uid()}@example.test`;
    await linkCustomerUser(db, { actor: lead, input: { customerId, email: accountant, reason: "Their accountant" } });
    await stripe.customers.del(customer.id);
    await sync();

    expect(await findSessionUser(await getDb(), sessionToken)).toBeNull();
    expect(await db.userCustomer.count({ where: { customerId } })).toBe(0);
    const fresh = await signIn(user.email);
    expect((await findSessionUser(await getDb(), fresh.sessionToken))?.customerIds).toEqual([]);
    expect(await findSessionUser(await getDb(), leadSession)).toMatchObject({ id: lead.id, role: "LEAD" });
    const reasons = await db.auditEntry.findMany({
      where: { action: "customer.unlink", entityId: customerId, actorLabel: "system:sync" },
      select: { reason: true, before: true },
    });
    expect(reasons).toHaveLength(2);
    expect(reasons.every((r) => r.reason === "stripe_customer_deleted")).toBe(true);
  });

  it("losing one of two links keeps the session but drops that customer at once", async () => {
    const db = await getDb();
    const { carol, customer, customerId, sessionToken } = await carolsCustomer();
    const second = await stripe.customers.create({ email: carol, name: "Carol's second company" });
    await sync();
    const secondId = (await db.customer.findUniqueOrThrow({ where: { stripeId: second.id } })).id;
    expect((await findSessionUser(await getDb(), sessionToken))?.customerIds).toEqual([customerId, secondId]);
    await stripe.customers.update(customer.id, { email: `elsewhere-${uid()}@example.test` });
    await sync();
    expect((await findSessionUser(await getDb(), sessionToken))?.customerIds).toEqual([secondId]);
  });

  it("an email removed in Stripe ends the link too (no address is nobody's address)", async () => {
    const db = await getDb();
    const { customer, customerId, user, sessionToken } = await carolsCustomer();
    await stripe.customers.update(customer.id, { email: "" });
    await sync();
    expect((await db.customer.findUniqueOrThrow({ where: { id: customerId } })).email).toBeNull();
    expect(await db.userCustomer.count({ where: { userId: user.id } })).toBe(0);
    expect(await findSessionUser(await getDb(), sessionToken)).toBeNull();
  });

  it("a stale link row (its event not processed yet) grants nothing to an open session", async () => {
    const db = await getDb();
    const { customerId, sessionToken } = await carolsCustomer();
    // As if the email had changed in the projection by a path that did not touch links.
    await db.$executeRaw`UPDATE "Customer" SET email = 'someone-else@example.test' WHERE id = ${customerId}`;
    expect((await findSessionUser(await getDb(), sessionToken))?.customerIds).toEqual([]);
  });
});

describe("staff links for an address that differs from Stripe's", () => {
  it("a lead links with a reason (audited), it survives an email change, and ends when a lead removes it (sessions end)", async () => {
    const db = await getDb();
    const { customer, customerId } = await carolsCustomer();
    const [lead, agent] = [await createUser(db, "LEAD"), await createUser(db, "AGENT")];
    const email = `billing-${uid()}@example.test`;
    const input = { customerId, email, reason: "Second billing contact, ticket 4711" };

    expect(await linkCustomerUser(db, { actor: agent, input }).catch((e) => e)).toBeInstanceOf(ForbiddenError);
    expect(await linkCustomerUser(db, { actor: lead, input: { ...input, reason: "" } }).catch((e) => e)).toMatchObject({
      fields: { reason: "desk.customer.err.reason" },
    });
    expect(await linkCustomerUser(db, { actor: lead, input: { ...input, email: lead.email } }).catch((e) => e)).toMatchObject({
      fields: { email: "desk.customer.err.staffUser" },
    });
    const { userId } = await linkCustomerUser(db, { actor: lead, input });
    expect(await linkCustomerUser(db, { actor: lead, input }).catch((e) => e)).toBeInstanceOf(ValidationError);
    expect(await db.userCustomer.findUniqueOrThrow({ where: { userId_customerId: { userId, customerId } } })).toMatchObject({
      source: "STAFF",
      linkedById: lead.id,
    });
    expect(await db.auditEntry.findFirst({ where: { action: "customer.link", entityId: customerId }, orderBy: { id: "desc" } })).toMatchObject({
      actorId: lead.id,
      reason: input.reason,
      after: { userId, email, source: "STAFF" },
    });

    // She signs in with her own address and sees the customer; an email change in Stripe keeps it.
    const billing = await signIn(email);
    expect((await findSessionUser(await getDb(), billing.sessionToken))?.customerIds).toEqual([customerId]);
    await stripe.customers.update(customer.id, { email: `new-${uid()}@example.test` });
    await sync();
    expect((await findSessionUser(await getDb(), billing.sessionToken))?.customerIds).toEqual([customerId]);

    // Agents cannot end it; an email link cannot be ended here (Stripe owns it); a lead ends the staff link.
    const unlink = { customerId, userId, reason: "Contact left the company" };
    expect(await unlinkCustomerUser(db, { actor: agent, input: unlink }).catch((e) => e)).toBeInstanceOf(ForbiddenError);
    expect(await unlinkCustomerUser(db, { actor: lead, input: unlink })).toEqual({ signedOut: true });
    expect(await findSessionUser(await getDb(), billing.sessionToken)).toBeNull();
    const fresh = await signIn(email);
    expect((await findSessionUser(await getDb(), fresh.sessionToken))?.customerIds).toEqual([]);
    expect(await db.auditEntry.findFirst({ where: { action: "customer.unlink", entityId: customerId, actorId: lead.id } })).toMatchObject({
      reason: unlink.reason,
      before: { userId, source: "STAFF", linkedById: lead.id },
    });
  });

  it("an email link cannot be removed on the desk (it would come back): the email in Stripe decides", async () => {
    const db = await getDb();
    const { customerId, user } = await carolsCustomer();
    const lead = await createUser(db, "LEAD");
    expect(await unlinkCustomerUser(db, { actor: lead, input: { customerId, userId: user.id, reason: "Try" } }).catch((e) => e)).toMatchObject({
      fields: { form: "desk.customer.err.emailLink" },
    });
    expect(await db.userCustomer.count({ where: { userId: user.id, customerId } })).toBe(1);
  });
});

describe("dispute notifications go to users linked when the mail is sent", () => {
  it("an email queued before the link ended is dropped, not sent; one to a linked user is sent", async () => {
    const db = await getDb();
    const { customer, customerId, user } = await carolsCustomer();
    const invoice = await db.invoice.findFirstOrThrow({ where: { customerId } });
    const dispute = await db.dispute.create({
      data: {
        customerId,
        invoiceId: invoice.id,
        reason: "WRONG_QUANTITY",
        description: "Too many seats billed.",
        currency: invoice.currency,
        openedById: user.id,
      },
    });
    const vars = () => ({ status: "In review", body: "We are looking into it." });
    const key = `test:${dispute.id}`;
    await db.$transaction((tx) => notifyCustomer(tx, dispute, "status", vars, `${key}:1`));
    const queued = await db.outboxEmail.findFirstOrThrow({ where: { dedupeKey: `${key}:1:${user.email}` } });
    expect(queued).toMatchObject({ to: user.email, recipientUserId: user.id, recipientCustomerId: customerId, status: "PENDING" });

    const dave = `dave-${uid()}@example.test`;
    const daveUser = await db.user.create({ data: { email: dave, emailVerified: new Date() } });
    await stripe.customers.update(customer.id, { email: dave });
    await sync();

    const sent: string[] = [];
    const sender = {
      sendMail: async (m: { to: string }) => {
        sent.push(m.to);
        return {} as never;
      },
    };
    for (let i = 0; i < 20 && (await db.outboxEmail.count({ where: { id: queued.id, status: "PENDING" } })); i++)
      await drainOutbox(db, { sender, batch: 200, now: new Date(Date.now() + 60_000) });
    expect(await db.outboxEmail.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({ status: "DROPPED", sentAt: null });
    expect(sent).not.toContain(user.email);

    // The next notification goes to the user linked now (the opener is no longer linked).
    await db.$transaction((tx) => notifyCustomer(tx, dispute, "status", vars, `${key}:2`));
    expect(await db.outboxEmail.findMany({ where: { dedupeKey: { startsWith: `${key}:2:` } }, select: { to: true, recipientUserId: true } })).toEqual([
      { to: dave, recipientUserId: daveUser.id },
    ]);
  });
});
