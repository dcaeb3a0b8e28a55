import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { seedBillingFixture, seedFixtureCustomer, type FixtureRows } from "@/prisma/seed/billing";
import { getCreditNoteDetail } from "@/features/credit-notes/get-credit-note-detail";
import { listCreditNotes } from "@/features/credit-notes/list-credit-notes";
import { listPayments } from "@/features/payments/list-payments";
import { getPortalOverview } from "@/features/portal-overview/get-portal-overview";
import { getInvoiceDetail } from "./get-invoice-detail";
import { listInvoices } from "./list-invoices";
import { exportInvoicesCsv } from "./export-invoices-csv";
import { renderInvoicePdf } from "./render-invoice-pdf";
import type { InvoiceFilters } from "./invoice-filters";
import { renderCreditNotePdf } from "@/features/credit-notes/render-credit-note-pdf";
import { exportPaymentsCsv } from "@/features/payments/export-payments-csv";
import { PDFParse } from "pdf-parse";
import { formatAmount } from "@/features/billing-display/format";

const tag = `own${Date.now().toString(36)}`;
let a: { id: string; rows: FixtureRows };
let b: { id: string; rows: FixtureRows };

// The portal reads take the database first, as the pages pass it.
let db: Db;
beforeAll(async () => {
  db = await getDb();
});

beforeAll(async () => {
  const db = await getDb();
  const ca = await seedFixtureCustomer(db, { stripeId: `cus_${tag}_a`, email: `a-${tag}@example.com`, name: "Customer A" });
  const cb = await seedFixtureCustomer(db, { stripeId: `cus_${tag}_b`, email: `b-${tag}@example.com`, name: "Customer B" });
  a = { id: ca.id, rows: await seedBillingFixture(db, { customerId: ca.id, idPrefix: `${tag}a`, invoices: 57, linesPerInvoice: 3 }) };
  b = { id: cb.id, rows: await seedBillingFixture(db, { customerId: cb.id, idPrefix: `${tag}b`, invoices: 20, linesPerInvoice: 2, currency: "eur", seed: 7 }) };
});
afterAll(async () => {
  // projections reference customers; leave them (unique ids per run) rather than cascade by hand
});

async function collect(customerIds: string[], filters: InvoiceFilters, limit: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await listInvoices(db, { customerIds, filters: { ...filters, cursor }, limit });
    ids.push(...page.items.map((i) => i.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return ids;
}

describe("ownership", () => {
  it("customer A never reads B's invoice, credit note, or PDF: all NotFound", async () => {
    const bInvoice = b.rows.invoices[0].id!;
    const bCredit = b.rows.creditNotes[0].id!;
    await expect(getInvoiceDetail(db, { customerIds: [a.id], invoiceId: bInvoice })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getInvoiceDetail(db, { customerIds: [a.id], invoiceId: "does-not-exist" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getCreditNoteDetail(db, { customerIds: [a.id], creditNoteId: bCredit })).rejects.toBeInstanceOf(NotFoundError);
    await expect(renderInvoicePdf(db, { customerIds: [a.id], invoiceId: bInvoice, locale: "en" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getInvoiceDetail(db, { customerIds: [], invoiceId: bInvoice })).rejects.toBeInstanceOf(NotFoundError);
    await expect(renderCreditNotePdf(db, { customerIds: [a.id], creditNoteId: bCredit, locale: "en" })).rejects.toBeInstanceOf(NotFoundError);
    const payCsv = await exportPaymentsCsv(db, { customerIds: [a.id], locale: "en" });
    for (const inv of b.rows.invoices) expect(payCsv).not.toContain(inv.number!);
    const own = await getInvoiceDetail(db, { customerIds: [b.id], invoiceId: bInvoice });
    expect(own.id).toBe(bInvoice);
  });

  it("lists and exports never include the other customer's rows", async () => {
    const bInvoiceIds = new Set(b.rows.invoices.map((i) => i.id));
    const listed = await collect([a.id], {}, 50);
    expect(listed).toHaveLength(57);
    expect(listed.some((id) => bInvoiceIds.has(id))).toBe(false);
    const payments = await listPayments(db, { customerIds: [a.id], limit: 500 });
    expect(payments.items.length).toBe(a.rows.charges.length);
    expect(payments.items.every((p) => p.currency === "usd")).toBe(true);
    const notes = await listCreditNotes(db, { customerIds: [a.id] });
    expect(notes.items.map((n) => n.id).sort()).toEqual(a.rows.creditNotes.map((n) => n.id).sort());
    const csv = await exportInvoicesCsv(db, { customerIds: [a.id], filters: {} });
    for (const inv of b.rows.invoices) expect(csv).not.toContain(inv.number!);
    expect(csv).toContain(a.rows.invoices[0].number!);
    expect(csv.trim().split("\n")).toHaveLength(58);
    const overview = await getPortalOverview(db, { customerIds: [a.id] });
    expect(overview.balanceDue.every((x) => x.currency === "usd")).toBe(true);
  });
});

describe("keyset pagination", () => {
  it.each([
    ["created", "desc"],
    ["created", "asc"],
    ["amount", "desc"],
    ["amount", "asc"],
    ["due", "asc"],
    ["due", "desc"],
  ] as const)("sort %s %s is stable and complete across pages (ties included)", async (sort, dir) => {
    const all = await collect([a.id], { sort, dir }, 1000);
    const paged = await collect([a.id], { sort, dir }, 4);
    expect(paged).toEqual(all);
    expect(new Set(paged).size).toBe(57);
  });

  it("orders ties on created by id", async () => {
    const page = await listInvoices(db, { customerIds: [a.id], filters: { sort: "created", dir: "desc" }, limit: 100 });
    for (let i = 1; i < page.items.length; i++) {
      const [p, c] = [page.items[i - 1], page.items[i]];
      expect(p.created.getTime() > c.created.getTime() || (p.created.getTime() === c.created.getTime() && p.id > c.id)).toBe(true);
    }
    const tied = page.items.filter((x, i) => i > 0 && x.created.getTime() === page.items[i - 1].created.getTime());
    expect(tied.length).toBeGreaterThan(0);
  });

  it("ignores a tampered cursor or one from another sort (first page)", async () => {
    const first = await listInvoices(db, { customerIds: [a.id], filters: {}, limit: 5 });
    const other = await listInvoices(db, { customerIds: [a.id], filters: { sort: "amount", cursor: first.nextCursor! }, limit: 5 });
    expect(other.isFirstPage).toBe(true);
    const junk = await listInvoices(db, { customerIds: [a.id], filters: { cursor: "not-a-cursor" }, limit: 5 });
    expect(junk.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
  });
});

describe("previous page (keyset, ending_before)", () => {
  it("walking back from the last page gives the same pages as walking forward, for every sort and direction", async () => {
    const cases: InvoiceFilters[] = [
      {},
      { sort: "created", dir: "asc" },
      { sort: "amount", dir: "desc" },
      { sort: "amount", dir: "asc" },
      { sort: "due", dir: "asc" },
      { sort: "due", dir: "desc" },
    ];
    for (const filters of cases) {
      const forward: string[][] = [];
      let page = await listInvoices(db, { customerIds: [a.id], filters, limit: 7 });
      expect(page.prevCursor).toBeNull();
      expect(page.isFirstPage).toBe(true);
      forward.push(page.items.map((i) => i.id));
      while (page.nextCursor) {
        page = await listInvoices(db, { customerIds: [a.id], filters: { ...filters, cursor: page.nextCursor }, limit: 7 });
        forward.push(page.items.map((i) => i.id));
      }
      expect(forward.flat().length).toBe(57);
      const backward: string[][] = [page.items.map((i) => i.id)];
      while (page.prevCursor) {
        page = await listInvoices(db, { customerIds: [a.id], filters: { ...filters, cursor: page.prevCursor }, limit: 7 });
        backward.unshift(page.items.map((i) => i.id));
        expect(page.nextCursor).not.toBeNull();
      }
      expect(page.isFirstPage).toBe(true);
      expect(backward).toEqual(forward);
    }
  });

  it("payments and credit notes page back too, and never show another customer's rows", async () => {
    const walk = async (
      list: (cursor: string | null) => Promise<{ items: { id: string }[]; nextCursor: string | null; prevCursor: string | null; isFirstPage: boolean }>,
    ) => {
      const forward: string[][] = [];
      let page = await list(null);
      expect(page.prevCursor).toBeNull();
      forward.push(page.items.map((i) => i.id));
      while (page.nextCursor) {
        page = await list(page.nextCursor);
        forward.push(page.items.map((i) => i.id));
      }
      const backward: string[][] = [page.items.map((i) => i.id)];
      while (page.prevCursor) {
        page = await list(page.prevCursor);
        backward.unshift(page.items.map((i) => i.id));
      }
      expect(page.isFirstPage).toBe(true);
      expect(backward).toEqual(forward);
      return forward.flat();
    };
    const payments = await walk((cursor) => listPayments(db, { customerIds: [a.id], cursor, limit: 4 }));
    expect(payments.length).toBeGreaterThan(8);
    expect(await db.charge.count({ where: { id: { in: payments }, customerId: { not: a.id } } })).toBe(0);
    const notes = await walk((cursor) => listCreditNotes(db, { customerIds: [a.id], cursor, limit: 1 }));
    expect(notes.length).toBeGreaterThan(1);
    expect(await db.creditNote.count({ where: { id: { in: notes }, customerId: { not: a.id } } })).toBe(0);
  });
});

describe("filters", () => {
  it("status, date range and number search", async () => {
    const open = await collect([a.id], { status: "open" }, 10);
    expect(open.sort()).toEqual(
      a.rows.invoices
        .filter((i) => i.status === "OPEN")
        .map((i) => i.id!)
        .sort(),
    );
    const inv = a.rows.invoices[10];
    const day = (inv.stripeCreated as Date).toISOString().slice(0, 10);
    const onDay = await collect([a.id], { from: day, to: day }, 10);
    expect(onDay).toEqual([inv.id]);
    const byNumber = await collect([a.id], { q: inv.number!.slice(-5) }, 10);
    expect(byNumber).toContain(inv.id);
    expect(await collect([a.id], { q: "%" }, 10)).toEqual([]);
  });
});

describe("detail", () => {
  it("shows Stripe's totals, lines with discounts and taxes, payments and credit notes", async () => {
    const inv = a.rows.invoices.find((i) => i.status === "PAID" && i.postPaymentCreditNotesAmount !== 0n)!;
    const d = await getInvoiceDetail(db, { customerIds: [a.id], invoiceId: inv.id! });
    expect(d.totals.total).toBe(inv.total);
    expect(d.totals.amountPaid).toBe(inv.amountPaid);
    expect(d.lines).toHaveLength(3);
    expect(d.lines[0].taxes[0].percentage).toBe("20");
    expect(d.creditNotes).toHaveLength(1);
    expect(d.payments.some((p) => p.status === "succeeded" && p.cardLast4)).toBe(true);
    expect(d.payments.flatMap((p) => p.refunds)).toHaveLength(1);
    expect(d.payUrl).toBeNull();
  });
});

describe("detail payments", () => {
  it("lists exactly the charges recorded against the invoice: by payment intent and by charge id, not the customer's others", async () => {
    const db = await getDb();
    const inv = a.rows.invoices.find((i) => i.status === "PAID" && i.postPaymentCreditNotesAmount === 0n)!;
    const before = await getInvoiceDetail(db, { customerIds: [a.id], invoiceId: inv.id! });
    const charge = (stripeId: string) =>
      db.charge.create({
        data: {
          stripeId,
          customerId: a.id,
          amount: 500n,
          amountCaptured: 500n,
          currency: "usd",
          status: "succeeded",
          paid: true,
          stripeCreated: new Date("2030-01-01T00:00:00Z"),
        },
      });
    const byId = await charge(`ch_${tag}_direct`);
    await charge(`ch_${tag}_unrelated`);
    await db.invoicePayment.create({
      data: {
        stripeId: `inpay_${tag}_direct`,
        invoiceId: inv.id!,
        chargeStripeId: byId.stripeId,
        amountPaid: 500n,
        amountRequested: 500n,
        currency: "usd",
        status: "paid",
        stripeCreated: new Date("2030-01-01T00:00:00Z"),
      },
    });
    const after = await getInvoiceDetail(db, { customerIds: [a.id], invoiceId: inv.id! });
    expect(before.payments.length).toBeGreaterThan(0); // the fixture's payment, found through its payment intent
    expect(after.payments.map((p) => p.id)).toEqual([...before.payments.map((p) => p.id), byId.id]);
  });
});

describe("PDF", () => {
  it("renders an invoice of 60 lines over several pages with the page's totals, in en and ru", async () => {
    const db = await getDb();
    const c = await seedFixtureCustomer(db, { stripeId: `cus_${tag}_pdf`, email: `p-${tag}@example.com`, name: "Сергей Петров" });
    const rows = await seedBillingFixture(db, { customerId: c.id, idPrefix: `${tag}p`, invoices: 1, linesPerInvoice: 60, currency: "kwd" });
    const inv = rows.invoices[0];
    for (const locale of ["en", "ru"] as const) {
      const { pdf, fileName } = await renderInvoicePdf(db, { customerIds: [c.id], invoiceId: inv.id!, locale });
      expect(fileName).toMatch(/^invoice-.+\.pdf$/);
      const parsed = await new PDFParse({ data: new Uint8Array(pdf) }).getText();
      const text = parsed.text.replace(/\s+/g, " ");
      expect(text).toContain(formatAmount(inv.total as bigint, "kwd", locale).replace(/\s+/g, " "));
      expect(parsed.total).toBeGreaterThan(1);
      expect(text).toContain(locale === "en" ? "Page 1 of" : "Страница 1 из");
      expect(text).toContain("Сергей Петров");
    }
    const cn = a.rows.creditNotes[0];
    const { pdf } = await renderCreditNotePdf(db, { customerIds: [a.id], creditNoteId: cn.id!, locale: "en" });
    const text = (await new PDFParse({ data: new Uint8Array(pdf) }).getText()).text;
    expect(text).toContain(formatAmount(cn.total as bigint, "usd", "en"));
  });
});
