// cloneJSON (store.ts) is the JSON round trip without the text: same value, same key order, a copy.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cloneJSON } from "../src/store";

const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v));

describe("cloneJSON", () => {
  it("equals JSON.parse(JSON.stringify(v)) on any object or array of JSON-like values, keys in the same order", () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(
        fc.string(),
        fc.integer(),
        fc.double(), // NaN, ±Infinity, -0
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.constant(() => 1),
        fc.date({ noInvalidDate: true }),
      ),
      node: fc.oneof({ depthSize: "small" }, tie("leaf"), tie("arr"), tie("obj")),
      arr: fc.array(tie("node"), { maxLength: 5 }),
      obj: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("0", "10", "__proto__", "toJSON_")), tie("node"), { maxKeys: 6 }),
    }));
    fc.assert(
      fc.property(fc.oneof(value.arr, value.obj), (v) => {
        const c = cloneJSON(v);
        expect(JSON.stringify(c)).toBe(JSON.stringify(v));
        expect(c).toStrictEqual(roundTrip(v));
      }),
      { numRuns: 500 },
    );
  });

  it("is a deep copy: changing the original later does not change the clone", () => {
    const items = {
      object: "list",
      data: [{ id: "si_1", current_period_end: 10, price: { id: "price_1", recurring: { interval: "month" } }, quantity: undefined }],
    };
    const c = cloneJSON(items);
    items.data[0]!.current_period_end = 20;
    items.data[0]!.price.recurring.interval = "year";
    expect(c).toEqual({ object: "list", data: [{ id: "si_1", current_period_end: 10, price: { id: "price_1", recurring: { interval: "month" } } }] });
    expect("quantity" in c.data[0]!).toBe(false);
  });
});
