import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocateLargestRemainder,
  currencyExponent,
  formatMoney,
  minorToDecimalString,
  parseDecimal,
  parseMoneyInput,
  roundHalfUp,
  roundHalfUpToStep,
  rational,
  mul,
  toDecimalString,
  totalsByCurrency,
  money,
  isKnownCurrency,
  knownCurrencies,
} from "./index";

describe("currency exponents", () => {
  it("follows Stripe's table", () => {
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("krw")).toBe(0);
    expect(currencyExponent("kwd")).toBe(3);
    expect(currencyExponent("bhd")).toBe(3);
    expect(currencyExponent("usd")).toBe(2);
    expect(currencyExponent("isk")).toBe(2);
    expect(() => currencyExponent("dollars")).toThrow();
  });

  it("knows the ISO 4217 codes Stripe charges in, every zero- and three-decimal one among them", () => {
    for (const c of ["usd", "EUR", " nzd ", "jpy", "kwd", "bhd", "isk", "rub", "xof"]) expect(isKnownCurrency(c)).toBe(true);
    for (const c of ["xyz", "usdd", "us", "", "123", "eu1"]) expect(isKnownCurrency(c)).toBe(false);
    for (const c of knownCurrencies()) expect(() => currencyExponent(c)).not.toThrow();
    expect(knownCurrencies().filter((c) => currencyExponent(c) === 0)).toEqual([
      "bif",
      "clp",
      "djf",
      "gnf",
      "jpy",
      "kmf",
      "krw",
      "mga",
      "pyg",
      "rwf",
      "ugx",
      "vnd",
      "vuv",
      "xaf",
      "xof",
      "xpf",
    ]);
    expect(knownCurrencies().filter((c) => currencyExponent(c) === 3)).toEqual(["bhd", "jod", "kwd", "omr", "tnd"]);
  });
});

describe("parseMoneyInput", () => {
  it("parses what people type into minor units", () => {
    expect(parseMoneyInput("12.50", "usd")).toEqual({ ok: true, amount: 1250n });
    expect(parseMoneyInput("12,5", "eur")).toEqual({ ok: true, amount: 1250n });
    expect(parseMoneyInput(" 1 234.56 ", "usd")).toEqual({ ok: true, amount: 123456n });
    expect(parseMoneyInput("1,234.56", "usd")).toEqual({ ok: true, amount: 123456n });
    expect(parseMoneyInput("1.234,56", "eur")).toEqual({ ok: true, amount: 123456n });
    expect(parseMoneyInput("1500", "jpy")).toEqual({ ok: true, amount: 1500n });
    expect(parseMoneyInput("1.250", "kwd")).toEqual({ ok: true, amount: 1250n });
    expect(parseMoneyInput("7.00", "usd")).toEqual({ ok: true, amount: 700n });
  });
  it("rejects what is not a valid amount in that currency, saying why", () => {
    expect(parseMoneyInput("", "usd")).toEqual({ ok: false, error: "empty" });
    expect(parseMoneyInput("12.345", "usd")).toEqual({ ok: false, error: "precision" });
    expect(parseMoneyInput("12.5", "jpy")).toEqual({ ok: false, error: "precision" });
    expect(parseMoneyInput("1.255", "kwd")).toEqual({ ok: false, error: "step" });
    expect(parseMoneyInput("10.50", "isk")).toEqual({ ok: false, error: "step" });
    expect(parseMoneyInput("-3", "usd")).toEqual({ ok: false, error: "negative" });
    expect(parseMoneyInput("0", "usd")).toEqual({ ok: false, error: "zero" });
    expect(parseMoneyInput("1e5", "usd")).toEqual({ ok: false, error: "format" });
    expect(parseMoneyInput("12..5", "usd")).toEqual({ ok: false, error: "format" });
    expect(parseMoneyInput("1,23.45", "usd")).toEqual({ ok: false, error: "format" });
    expect(parseMoneyInput("99999999999999999", "usd")).toEqual({ ok: false, error: "too_large" });
  });
  it("round-trips every amount through its decimal string (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 14n }), fc.constantFrom("usd", "jpy", "kwd", "eur", "bhd"), (minor, cur) => {
        const step = cur === "kwd" || cur === "bhd" ? 10n : 1n;
        const amount = minor * step;
        expect(parseMoneyInput(minorToDecimalString(amount, cur), cur)).toEqual({ ok: true, amount });
      }),
    );
  });
});

describe("formatMoney", () => {
  it("formats exactly through Intl in the user's locale", () => {
    expect(formatMoney(123456n, "usd", "en-US")).toBe("$1,234.56");
    expect(formatMoney(1500n, "jpy", "en-US")).toBe("¥1,500");
    expect(formatMoney(1250n, "kwd", "en-US").replace(/\s/g, " ")).toBe("KWD 1.250");
    expect(formatMoney(-700n, "usd", "en-US")).toBe("-$7.00");
    expect(formatMoney(123456n, "eur", "ru").replace(/\s/g, " ")).toBe("1 234,56 €");
    // Larger than a double can hold exactly: still exact.
    expect(formatMoney(9007199254740993n, "usd", "en-US")).toBe("$90,071,992,547,409.93");
  });
});

describe("rational arithmetic and rounding", () => {
  it("parses decimals exactly and rounds half away from zero", () => {
    expect(toDecimalString(mul(parseDecimal("0.0125"), parseDecimal("1234")))).toBe("15.425");
    expect(roundHalfUp(parseDecimal("2.5"))).toBe(3n);
    expect(roundHalfUp(parseDecimal("2.4999"))).toBe(2n);
    expect(roundHalfUp(parseDecimal("-2.5"))).toBe(-3n);
    expect(roundHalfUp(rational(1n, 3n))).toBe(0n);
    expect(roundHalfUpToStep(parseDecimal("1255"), 10n)).toBe(1260n);
    expect(roundHalfUpToStep(parseDecimal("1254.9"), 10n)).toBe(1250n);
    expect(() => parseDecimal("1e3")).toThrow();
  });
  it("rounding never moves by more than half a unit (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
        const r = roundHalfUp(rational(n, d));
        const diff = r * d - n; // (r − n/d) × d
        expect(2n * (diff < 0n ? -diff : diff) <= d).toBe(true);
      }),
    );
  });
});

describe("allocateLargestRemainder", () => {
  it("splits exactly, largest remainders first, ties to the lower index", () => {
    expect(allocateLargestRemainder(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocateLargestRemainder(10n, [5000n, 3000n, 2000n])).toEqual([5n, 3n, 2n]);
    expect(allocateLargestRemainder(1000n, [1n, 2n], 10n)).toEqual([330n, 670n]);
    expect(allocateLargestRemainder(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(allocateLargestRemainder(5n, [0n, 0n])).toEqual([3n, 2n]);
  });
  it("conserves the total and stays proportional (property)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 40 }),
        (total, weights) => {
          const parts = allocateLargestRemainder(total, weights);
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0n);
          if (sum > 0n) {
            parts.forEach((p, i) => {
              const exact = (total * weights[i]) / sum;
              expect(p - exact >= 0n && p - exact <= 1n).toBe(true);
            });
          }
        },
      ),
    );
  });
});

describe("totalsByCurrency", () => {
  it("never adds different currencies together", () => {
    const t = totalsByCurrency([money(100n, "usd"), money(50n, "eur"), money(25n, "USD")]);
    expect(Object.fromEntries(t)).toEqual({ usd: 125n, eur: 50n });
  });
});

describe("allocateLargestRemainder matches the plain sort-everything method", () => {
  // The reference: every remainder sorted (ties → lower index), one unit each to the first `left`.
  function reference(total: bigint, weights: bigint[], step = 1n): bigint[] {
    const sum = weights.reduce((a, b) => a + b, 0n);
    const units = total / step;
    const parts = weights.map((w) => (units * w) / sum);
    const rem = weights.map((w, i) => ({ i, r: (units * w) % sum }));
    let left = units - parts.reduce((a, b) => a + b, 0n);
    rem.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
    for (let k = 0; left > 0n; k++, left--) parts[rem[k].i] += 1n;
    return parts.map((p) => p * step);
  }
  it("on small and huge weights, with ties and steps", () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.oneof(fc.bigInt({ min: 0n, max: 20n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 20n })), {
            minLength: 1,
            maxLength: 60,
          })
          .filter((w) => w.some((x) => x > 0n)),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.constantFrom(1n, 10n),
        (weights, t, step) => {
          const total = t * step;
          expect(allocateLargestRemainder(total, weights, step)).toEqual(reference(total, weights, step));
        },
      ),
      { numRuns: 500 },
    );
  });
});
