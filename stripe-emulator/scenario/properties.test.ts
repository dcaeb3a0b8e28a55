import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Emulator } from "../src/emulator";
import { generateScenario } from "./index";
import { allInvoices, checkCleanAgainstContracts, checkInjected, checkInvariants } from "./verify";

describe("scenario properties over random seeds", () => {
  it("every small scenario is valid, clean where not injected, and reproducible", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 4, max: 12 }), fc.integer({ min: 1, max: 5 }), (seed, customers, months) => {
        const gen = () => {
          const em = new Emulator({ seed: 3 });
          return { em, m: generateScenario(em, { seed, customers, months }) };
        };
        const { em, m } = gen();
        const inv = allInvoices(em);
        expect(inv.length).toBe(customers * months);
        expect(checkInvariants(em, inv)).toEqual([]);
        expect(checkCleanAgainstContracts(em, m, inv)).toEqual([]);
        expect(checkInjected(em, m)).toEqual([]);
        expect(gen().m).toEqual(m);
      }),
      { numRuns: 12 },
    );
  }, 60_000);
});
