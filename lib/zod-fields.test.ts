import { describe, expect, it } from "vitest";
import { z } from "zod";
import { allCatalogs, isMessageKey } from "./i18n";
import { issueKey, zodFieldErrors } from "./zod-fields";

const fails = (schema: z.ZodType, input: unknown) => {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error("expected the schema to refuse the input");
  return parsed.error;
};

const form = z.object({
  email: z.string().trim().pipe(z.email()),
  name: z.string().min(1),
  reason: z.string().min(3).max(10),
  amount: z.number().int().min(1).max(100),
  currency: z.enum(["eur", "usd"]),
  code: z.string().regex(/^[A-Z]{3}$/),
  tags: z.array(z.string()).min(1).max(2),
  when: z.iso.date(),
  note: z.string().max(5, "desk.recalc.err.note"),
});
const valid = { email: "a@b.test", name: "Ann", reason: "late", amount: 5, currency: "eur", code: "ABC", tags: ["x"], when: "2026-01-31", note: "ok" };

describe("zod issues → the field and what is wrong with it", () => {
  it.each([
    ["email", "not an address", "form.err.email"],
    ["name", "", "form.err.required"],
    ["name", undefined, "form.err.required"],
    ["reason", "ab", "form.err.tooShort"],
    ["reason", "far too long here", "form.err.tooLong"],
    ["amount", "12", "form.err.number"],
    ["amount", 0, "form.err.tooSmall"],
    ["amount", 101, "form.err.tooBig"],
    ["currency", "gbp", "form.err.choice"],
    ["code", "abc", "form.err.format"],
    ["tags", [], "form.err.tooFew"],
    ["tags", ["a", "b", "c"], "form.err.tooMany"],
    ["when", "31/01/2026", "form.err.date"],
  ])("%s = %j → %s", (field, value, key) => {
    expect(zodFieldErrors(fails(form, { ...valid, [field]: value }))).toEqual({ [field]: key });
  });

  it("a key the schema names for its check is kept: it is specific to the field already", () => {
    expect(zodFieldErrors(fails(form, { ...valid, note: "longer" }))).toEqual({ note: "desk.recalc.err.note" });
  });

  it("each field gets its own key, the first issue of each; nested paths are joined; a refusal of the whole input is `form`", () => {
    const nested = z.object({ lines: z.array(z.object({ amount: z.string().min(1).max(3) })) });
    expect(zodFieldErrors(fails(form, { ...valid, email: "x", reason: "", amount: 1000 }))).toEqual({
      email: "form.err.email",
      reason: "form.err.tooShort",
      amount: "form.err.tooBig",
    });
    expect(zodFieldErrors(fails(nested, { lines: [{ amount: "1" }, { amount: "" }, { amount: "1234" }] }))).toEqual({
      "lines.1.amount": "form.err.required",
      "lines.2.amount": "form.err.tooLong",
    });
    expect(zodFieldErrors(fails(z.object({ a: z.string() }), "not an object"))).toEqual({ form: "form.err.required" });
    expect(
      zodFieldErrors(
        fails(
          z.string().refine(() => false),
          "x",
        ),
      ),
    ).toEqual({ form: "form.err.invalid" });
  });

  it("zod's English messages never become keys: every key the mapping gives is in both catalogs", () => {
    const error = fails(form, {});
    for (const issue of error.issues) {
      const key = issueKey(issue);
      expect(isMessageKey(key), key).toBe(true);
      expect(allCatalogs.ru[key]).toBeTruthy();
      expect(key).not.toBe(issue.message);
    }
  });
});
