import "server-only";
import type { FindingStatus, RootCause } from "@prisma/client";
import { z } from "zod";
import { isPlainText, isWellFormedId } from "@/lib/input";
import type { Db } from "@/lib/db";
import { zodFieldErrors } from "@/lib/zod-fields";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";

// open → confirmed → corrected; open | confirmed → dismissed (with a reason). Nothing leaves
// corrected or dismissed: a finding that fires again after a dismissal keeps its decision.
// RESOLVED is the audit's own closing of an open finding that stopped firing; only the audit
// moves it (back to OPEN when it fires again), so staff have nothing to decide on it.
const NEXT: Record<FindingStatus, FindingStatus[]> = {
  OPEN: ["CONFIRMED", "DISMISSED"],
  CONFIRMED: ["CORRECTED", "DISMISSED"],
  CORRECTED: [],
  DISMISSED: [],
  RESOLVED: [],
};

// Ids are ours; free text refuses control characters (Postgres cannot store a NUL).
const findingId = z.string().refine(isWellFormedId, "disputes.err.invalid");
const note = z.string().trim().max(2000).refine(isPlainText, "disputes.err.controlChars");
export const changeFindingStatusSchema = z.discriminatedUnion("status", [
  z.object({
    findingId,
    status: z.literal("CONFIRMED"),
    rootCause: z.enum(["TECHNICAL_FAULT", "WRONG_DATA", "SYNC_FAILURE", "TARIFF_OR_DISCOUNT", "HUMAN_ERROR"]).optional(),
    note: note.optional(),
  }),
  z.object({ findingId, status: z.literal("CORRECTED"), correctionId: findingId.optional(), note: note.optional() }),
  z.object({ findingId, status: z.literal("DISMISSED"), reason: note.min(3, "audit.err.reasonRequired") }),
]);
export type ChangeFindingStatusInput = z.input<typeof changeFindingStatusSchema>;

/** Someone else decided the finding between our read and our write: the form says so and asks to reload. */
export class FindingConflictError extends ConflictError {
  constructor() {
    super("audit.err.conflict", "The finding was changed by someone else");
  }
}

export async function changeFindingStatus(db: Db, options: { actor: Actor; input: ChangeFindingStatusInput }) {
  const actor = assertStaff(options.actor, "AGENT");
  const parsed = changeFindingStatusSchema.safeParse(options.input);
  if (!parsed.success) throw new ValidationError("disputes.err.form", zodFieldErrors(parsed.error), "audit.err.form");
  const input = parsed.data;
  return db.$transaction(async (tx) => {
    const before = await tx.finding.findUnique({
      where: { id: input.findingId },
      select: { id: true, status: true, rootCause: true, dismissReason: true, correctionId: true },
    });
    if (!before) throw new NotFoundError("Finding not found");
    if (!NEXT[before.status].includes(input.status))
      throw new ValidationError("disputes.err.form", { status: "audit.err.transition" }, `audit.err.transition ${before.status} → ${input.status}`);
    const data = {
      status: input.status,
      decidedById: actor.id,
      ...(input.status === "CONFIRMED" && input.rootCause ? { rootCause: input.rootCause as RootCause } : {}),
      ...(input.status === "CORRECTED" && input.correctionId ? { correctionId: input.correctionId } : {}),
      ...(input.status === "DISMISSED" ? { dismissReason: input.reason, rootCause: "NOT_AN_ERROR" as RootCause } : {}),
    };
    // Guarded by the status read above: a concurrent decision makes this match nothing.
    const { count } = await tx.finding.updateMany({ where: { id: before.id, status: before.status }, data });
    if (count !== 1) throw new FindingConflictError();
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: `finding.${input.status.toLowerCase()}`,
      entityType: "finding",
      entityId: before.id,
      before,
      after: data,
      reason: input.status === "DISMISSED" ? input.reason : (input.note ?? null),
    });
    return { id: before.id, status: input.status };
  });
}
