import { describe, expect, it } from "vitest";
import { context } from "../testing/context";
import { reconciliationDiff } from "./reconciliation-diff";

const diff = (field: string, settleValue: string | null, stripeValue: string | null, stripeId = "in_1", entityType = "invoice") => ({
  runId: "run_1",
  entityType,
  stripeId,
  field,
  settleValue,
  stripeValue,
});

describe("reconciliation difference", () => {
  it("one finding per Stripe object, with every differing field and the money gap at stake", () => {
    const out = reconciliationDiff(
      context({ diffs: [diff("status", "open", "paid"), diff("amount_paid", "0", "13200"), diff("missing_in_settle", null, "present", "ch_9", "payment")] }),
    );
    expect(out).toHaveLength(2);
    const inv = out.find((f) => f.fingerprint === "reconciliation_diff:invoice:in_1")!;
    expect(inv.amountAtStakeMinor).toBe(13200n);
    expect((inv.evidence.differences as unknown[]).length).toBe(2);
    expect(inv.suggestion).toEqual({ kind: "resync", stripeIds: ["in_1"] });
  });
  it("does not fire without differences", () => {
    expect(reconciliationDiff(context())).toEqual([]);
  });
});
