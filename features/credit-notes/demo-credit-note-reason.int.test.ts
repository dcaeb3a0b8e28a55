// The demo's credit note for alice's over-billed usage (API calls counted twice) reads as what
// it is, "Quantity billed in error", not Stripe's "Order changed": the scenario issues it with
// the cause in its metadata, and Settle reads that for notes it did not issue itself. Generated
// as `npm run demo` generates it and projected as sync projects it.
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { createT } from "@/lib/i18n";
import { startEmulator } from "@/stripe-emulator";
import { seedDemoScenario } from "@/stripe-emulator/scenario";
import { applyObjects } from "@/features/stripe-sync/projection/apply-objects";
import { loadEmulatorProjections } from "@/features/billing-audit/testing/load-emulator-projections";
import { getInvoiceDetail } from "@/features/invoices/get-invoice-detail";
import { creditNoteReasonText } from "./credit-note-cause";
import { creditNotePdf } from "./render-credit-note-pdf";
import { getCreditNoteDetail } from "./get-credit-note-detail";
import { listCreditNotes } from "./list-credit-notes";
import { PDFParse } from "pdf-parse";
import { AUDIT_TABLES, PROJECTION_TABLES, quoteTables } from "@/features/stripe-sync/projection/tables";

// Settle's audit rows, then the projections (children first), as the demo resets them.
const TABLES = [...AUDIT_TABLES, ...PROJECTION_TABLES] as const;

afterAll(async () => {
  await closeDb();
});

describe("the demo's credit notes", () => {
  it("name alice's over-billed usage by its cause in both languages, on every page and the PDF", async () => {
    const db = await getDb();
    await db.$executeRawUnsafe(`TRUNCATE ${quoteTables(TABLES)} CASCADE`);
    const running = await startEmulator({ port: 0 });
    try {
      const manifest = seedDemoScenario(running.emulator, { deliverWebhooks: false });
      await loadEmulatorProjections(db, running.emulator, { via: "bulk" });
      const stripeId = manifest.highlights.alice_credit_note!;
      // The live path too: the note as a credit_note.created webhook makes sync write it.
      const object = running.emulator.api("GET", `/v1/credit_notes/${stripeId}`).body as Record<string, unknown>;
      expect(object.reason).toBe("order_change");
      await db.$transaction((tx) => applyObjects(tx, [{ kind: "credit_note", object }], null));

      const cn = await db.creditNote.findUniqueOrThrow({ where: { stripeId }, select: { id: true, customerId: true, invoiceId: true } });
      const customerIds = [cn.customerId];
      expect((await db.customer.findUniqueOrThrow({ where: { id: cn.customerId } })).email).toBe("alice@example.com");
      for (const [locale, words] of [
        ["en", "Quantity billed in error"],
        ["ru", "Ошибка в количестве"],
      ] as const) {
        const t = createT(locale);
        const detail = await getCreditNoteDetail(db, { customerIds, creditNoteId: cn.id });
        expect(creditNoteReasonText(t, detail)).toBe(words);
        const listed = (await listCreditNotes(db, { customerIds })).items.find((x) => x.id === cn.id)!;
        expect(creditNoteReasonText(t, listed)).toBe(words);
        const onInvoice = (await getInvoiceDetail(db, { customerIds, invoiceId: cn.invoiceId })).creditNotes.find((x) => x.id === cn.id)!;
        expect(creditNoteReasonText(t, onInvoice)).toBe(words);
        const text = (await new PDFParse({ data: new Uint8Array(await creditNotePdf(detail, locale)) }).getText()).text.replace(/\s+/g, " ");
        expect(text).toContain(words);
      }
      // A note whose metadata names no cause Settle knows keeps Stripe's reason.
      await db.creditNote.update({ where: { id: cn.id }, data: { metadata: { settle_cause: "SOMETHING_ELSE" } } });
      expect(creditNoteReasonText(createT("en"), await getCreditNoteDetail(db, { customerIds, creditNoteId: cn.id }))).toBe("Order changed");
    } finally {
      await running.close();
    }
  }, 300_000);
});
