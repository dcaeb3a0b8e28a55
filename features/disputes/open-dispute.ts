import "server-only";
import { Prisma } from "@prisma/client";
import type { Db } from "@/lib/db";
import { isWellFormedId } from "@/lib/input";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertCustomer, auditActor, type Actor, customerIdsOf } from "@/features/auth/actor";
import { removeStoredFiles, storeUploads, validateUploads, type UploadedFile } from "./attachments";
import { assertAttachmentQuota } from "./attachment-quota";
import { claimedForLine } from "./claimed-amount";
import { consumeDisputeAction } from "./dispute-rate-limit";
import { getSlaPolicy } from "./get-sla-policy";
import { fieldErrors, openDisputeSchema, type OpenDisputeInput } from "./schemas";
import { initialDeadlines } from "./sla";
import { notifyCustomer } from "./notify";
import { notifyNewDispute } from "./notify-staff";
import { formatDate } from "@/lib/i18n";

const LINE_TAKEN = "disputes.err.lineAlreadyDisputed";

/**
 * A customer opens a dispute on their own invoice (whole invoice or selected lines). Each
 * disputed line holds its `openLineKey` while the dispute is open: the unique index makes a
 * second open dispute on the same line impossible, even under a race.
 */
export async function openDispute(
  db: Db,
  options: { actor: Actor; input: OpenDisputeInput; files?: UploadedFile[]; now?: Date },
): Promise<{ id: string; number: number }> {
  const actor = assertCustomer(options.actor);
  const invoiceId = typeof options.input?.invoiceId === "string" ? options.input.invoiceId : "";
  // Looked up before the schema runs (it needs the currency): a malformed id is a 404 here.
  if (!isWellFormedId(invoiceId)) throw new NotFoundError("Invoice not found");
  // Ownership in the same statement: the invoice's customer must be linked to this user.
  const invoice = await db.invoice.findFirst({
    where: { id: invoiceId, customerId: { in: await customerIdsOf(db, actor.id) } },
    select: { id: true, currency: true, customerId: true, lines: { select: { id: true, amount: true, quantity: true } } },
  });
  if (!invoice) throw new NotFoundError("Invoice not found");

  const parsed = openDisputeSchema(invoice.currency).safeParse(options.input);
  if (!parsed.success) throw new ValidationError("disputes.err.form", fieldErrors(parsed.error));
  const input = parsed.data;
  const byId = new Map(invoice.lines.map((l) => [l.id, l]));
  const seen = new Set<string>();
  for (const [i, l] of input.lines.entries()) {
    if (!byId.has(l.lineId) || seen.has(l.lineId)) throw new ValidationError("disputes.err.form", { [`lines.${i}`]: "disputes.err.lineUnknown" });
    seen.add(l.lineId);
  }
  const scope = input.lines.length > 0 ? "lines" : "invoice";
  // A whole-invoice dispute holds every line, so no line dispute can run beside it.
  const lines = scope === "lines" ? input.lines : invoice.lines.map((l) => ({ lineId: l.id, expectedQuantity: null, expectedAmount: null }));
  if (lines.length === 0) throw new ValidationError("disputes.err.form", { lines: "disputes.err.noLines" });

  const taken = await db.disputedLine.findMany({ where: { openLineKey: { in: lines.map((l) => l.lineId) } }, select: { invoiceLineId: true } });
  if (taken.length > 0) throw new ValidationError(LINE_TAKEN, { lines: LINE_TAKEN });

  const uploads = validateUploads(options.files ?? []);
  await consumeDisputeAction(db, { userId: actor.id, kind: "open" });

  const now = options.now ?? new Date();
  const policy = await getSlaPolicy(db);
  const deadlines = initialDeadlines(now, policy);
  const claimedMinor = lines.reduce((sum, l) => {
    const line = byId.get(l.lineId)!;
    return sum + claimedForLine({ amount: line.amount, quantity: line.quantity.toString() }, l);
  }, 0n);

  const stored = await storeUploads(uploads);
  try {
    return await db.$transaction(async (tx) => {
      const dispute = await tx.dispute.create({
        data: {
          customerId: invoice.customerId,
          invoiceId: invoice.id,
          scope,
          reason: input.reason,
          description: input.description,
          currency: invoice.currency,
          claimedMinor,
          openedById: actor.id,
          createdAt: now,
          ...deadlines,
          lines: {
            create: lines.map((l) => ({
              invoiceLineId: l.lineId,
              openLineKey: l.lineId,
              expectedQuantity: l.expectedQuantity,
              expectedAmount: l.expectedAmount,
            })),
          },
        },
        select: { id: true, number: true },
      });
      await assertAttachmentQuota(tx, { customerId: invoice.customerId, addingBytes: stored.reduce((n, f) => n + f.sizeBytes, 0) });
      await tx.disputeMessage.create({
        data: {
          disputeId: dispute.id,
          authorId: actor.id,
          kind: "MESSAGE",
          visibility: "PUBLIC",
          body: input.description,
          meta: { opening: true },
          createdAt: now,
          attachments: { create: stored.map((f) => ({ ...f, disputeId: dispute.id, uploadedById: actor.id })) },
        },
      });
      await writeAudit(tx, {
        actor: auditActor(actor),
        action: "dispute.open",
        entityType: "dispute",
        entityId: dispute.id,
        after: { invoiceId: invoice.id, reason: input.reason, scope, lines: lines.map((l) => l.lineId), claimedMinor },
      });
      // The customer's receipt (number, deadlines, what happens next) and the agents' heads-up, in this transaction.
      const ref = { id: dispute.id, number: dispute.number, customerId: invoice.customerId, openedById: actor.id };
      await notifyCustomer(
        tx,
        ref,
        "received",
        (locale) => ({
          firstResponse: deadlines.firstResponseDueAt
            ? `${formatDate(locale, deadlines.firstResponseDueAt, { dateStyle: "medium", timeStyle: "short" })} UTC`
            : undefined,
          resolution: deadlines.resolutionDueAt
            ? `${formatDate(locale, deadlines.resolutionDueAt, { dateStyle: "medium", timeStyle: "short" })} UTC`
            : undefined,
        }),
        `dispute:${dispute.id}:received`,
      );
      const customer = await tx.customer.findUnique({ where: { id: invoice.customerId }, select: { name: true, email: true } });
      await notifyNewDispute(tx, { ...dispute, customer });
      return dispute;
    });
  } catch (err) {
    await removeStoredFiles(stored);
    // Lost a race with another dispute on the same line: same plain message as the pre-check.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw new ValidationError(LINE_TAKEN, { lines: LINE_TAKEN });
    throw err;
  }
}
