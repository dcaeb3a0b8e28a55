import { describe, expect, it } from "vitest";
import { context } from "../testing/context";
import { runRules } from "./index";

describe("all rules on a clean invoice", () => {
  it("find nothing on a clean paid invoice with its tariff, payment and charge", () => {
    expect(
      runRules(context(), (rule, e) => {
        throw new Error(`${rule}: ${String(e)}`);
      }),
    ).toEqual([]);
  });
  it("a throwing rule is reported and skipped, the others still run", () => {
    const errors: string[] = [];
    const ctx = context();
    // A line with an unparseable unit makes the math rules throw.
    ctx.invoice.lines[0].unitAmountDecimal = "abc";
    runRules(ctx, (rule) => errors.push(rule));
    expect(errors).toContain("line_math");
  });
});
