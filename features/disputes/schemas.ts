import { z } from "zod";
import { zodFieldErrors } from "@/lib/zod-fields";
import { isPlainLine, isPlainText, isWellFormedId } from "@/lib/input";
import { parseMoneyInput } from "@/lib/money";
import { disputeReasons, rootCauses } from "./reasons";
import { closedStatuses, disputeStatuses } from "./state-machine";

// One schema per input, shared by the form (client-side hints) and the server (the check
// that counts). Messages are i18n keys; the form shows them translated, in plain words.

// Control characters are refused in every id and text (Postgres cannot store a NUL; the rest
// have no business in a message): a field error, not an unexpected failure.
const id = z.string().trim().min(1, "disputes.err.required").max(64, "disputes.err.invalid").refine(isWellFormedId, "disputes.err.invalid");
const line = (max: number) => z.string().trim().max(max, "disputes.err.tooLong").refine(isPlainLine, "disputes.err.controlChars");
const text = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min, min > 1 ? "disputes.err.tooShort" : "disputes.err.required")
    .max(max, "disputes.err.tooLong")
    .refine(isPlainText, "disputes.err.controlChars");

const QUANTITY = /^\d{1,12}([.,]\d{1,6})?$/;

export const disputedLineInputSchema = z.object({
  lineId: id,
  expectedQuantity: line(40).optional().default(""),
  expectedAmount: line(40).optional().default(""),
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
  assigneeId: id.nullable(), // null → unassign
  expectedVersion: z.number().int().optional(),
});

export const changeStatusSchema = z.object({
  disputeId: id,
  status: z.enum(["IN_REVIEW", "WAITING_ON_CUSTOMER"], "disputes.err.status"),
  reason: text(1000, 0).optional(),
});

export const resolveSchema = z.object({
  disputeId: id,
  outcome: z.enum(closedStatuses, "disputes.err.outcome"),
  rootCause: z.enum(rootCauses, "disputes.err.rootCause"),
  note: text(5000),
  creditNoteId: z.union([id, z.literal("")]).optional(),
});

export const cannedReplySchema = z.object({
  reason: z.enum(disputeReasons, "disputes.err.reason"),
  locale: z.enum(["en", "ru"], "disputes.err.invalid"),
  title: text(120),
  body: text(5000),
});

export const queueFiltersSchema = z.object({
  status: z.enum([...disputeStatuses, "ACTIVE"]).optional(),
  reason: z.enum(disputeReasons).optional(),
  assignee: line(64).optional(), // user id, "me" or "none"
  currency: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{3}$/)
    .optional(),
  minAmount: line(40).optional(),
  maxAmount: line(40).optional(),
  sla: z.enum(["breached", "due_soon"]).optional(),
});
export type QueueFilters = z.input<typeof queueFiltersSchema>;

/** Field → message key, for forms ("lines.0.expectedAmount" → "disputes.err.amount_precision"): lib/zod-fields.ts. */
export const fieldErrors = zodFieldErrors;
