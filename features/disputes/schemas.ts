import { z } from "zod";
import { parseMoneyInput } from "@/lib/money";
import { disputeReasons, rootCauses } from "./reasons";

// One schema per input, shared by the form (client-side hints) and the server (the check
// that counts). Messages are i18n keys; the form shows them translated, in plain words.

const id = z.string().trim().min(1, "disputes.err.required").max(64, "disputes.err.invalid");
const text = (max: number, min = 1) =>
  z.string().trim().min(min, min > 1 ? "disputes.err.tooShort" : "disputes.err.required").max(max, "disputes.err.tooLong");

const QUANTITY = /^\d{1,12}([.,]\d{1,6})?$/;

export const disputedLineInputSchema = z.object({
  lineId: id,
  expectedQuantity: z.string().trim().max(40).optional().default(""),
  expectedAmount: z.string().trim().max(40).optional().default(""),
});

/** Opening a dispute; the invoice's currency validates expected amounts (JPY has no cents). */
export function openDisputeSchema(currency: string) {
  return z.object({
    invoiceId: id,
    reason: z.enum(disputeReasons, "disputes.err.reason"),
    description: text(5000, 10),
    lines: z
      .array(
        disputedLineInputSchema.transform((line, ctx) => {
          let expectedQuantity: string | null = null;
          let expectedAmount: bigint | null = null;
          if (line.expectedQuantity) {
            if (!QUANTITY.test(line.expectedQuantity)) {
              ctx.addIssue({ code: "custom", path: ["expectedQuantity"], message: "disputes.err.quantity" });
            } else expectedQuantity = line.expectedQuantity.replace(",", ".");
          }
          if (line.expectedAmount) {
            const parsed = parseMoneyInput(line.expectedAmount, currency, { allowZero: true });
            if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["expectedAmount"], message: `disputes.err.amount_${parsed.error}` });
            else expectedAmount = parsed.amount;
          }
          return { lineId: line.lineId, expectedQuantity, expectedAmount };
        }),
      )
      .max(200, "disputes.err.tooMany"),
  });
}
/** What a form submits (untrusted: the schema decides what is valid). */
export type OpenDisputeInput = {
  invoiceId: string;
  reason: string;
  description: string;
  lines: { lineId: string; expectedQuantity?: string; expectedAmount?: string }[];
};

export const replySchema = z.object({
  disputeId: id,
  body: text(5000),
});

export const staffMessageSchema = z.object({
  disputeId: id,
  body: text(5000),
  internal: z.boolean().default(false),
});

export const assignSchema = z.object({
  disputeId: id,
  assigneeId: z.string().trim().max(64).nullable(), // null → unassign
  expectedVersion: z.number().int().optional(),
});

export const changeStatusSchema = z.object({
  disputeId: id,
  status: z.enum(["IN_REVIEW", "WAITING_ON_CUSTOMER"], "disputes.err.status"),
  reason: z.string().trim().max(1000).optional(),
});

export const resolveSchema = z.object({
  disputeId: id,
  outcome: z.enum(["RESOLVED", "REJECTED"], "disputes.err.outcome"),
  rootCause: z.enum(rootCauses, "disputes.err.rootCause"),
  note: text(5000),
  creditNoteId: z.string().trim().max(64).optional(),
});

export const cannedReplySchema = z.object({
  reason: z.enum(disputeReasons, "disputes.err.reason"),
  locale: z.enum(["en", "ru"], "disputes.err.invalid"),
  title: text(120),
  body: text(5000),
});

export const queueFiltersSchema = z.object({
  status: z.enum(["OPEN", "IN_REVIEW", "WAITING_ON_CUSTOMER", "RESOLVED", "REJECTED", "ACTIVE"]).optional(),
  reason: z.enum(disputeReasons).optional(),
  assignee: z.string().trim().max(64).optional(), // user id, "me" or "none"
  currency: z.string().trim().toLowerCase().regex(/^[a-z]{3}$/).optional(),
  minAmount: z.string().trim().max(40).optional(),
  maxAmount: z.string().trim().max(40).optional(),
  sla: z.enum(["breached", "due_soon"]).optional(),
});
export type QueueFilters = z.input<typeof queueFiltersSchema>;

/** Field → message key, for forms ("lines.0.expectedAmount" → "disputes.err.amount_precision"). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    out[key] ??= issue.message;
  }
  return out;
}
