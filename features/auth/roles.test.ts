import { describe, expect, it } from "vitest";
import { hasRole, isRole, isStaffRole } from "./roles";

describe("roles", () => {
  it("knows staff and ordering", () => {
    expect(isStaffRole("CUSTOMER")).toBe(false);
    expect(isStaffRole("AGENT")).toBe(true);
    expect(hasRole("CUSTOMER", "AGENT")).toBe(false);
    expect(hasRole("ADMIN", "LEAD")).toBe(true);
    expect(hasRole("AGENT", "LEAD")).toBe(false);
    expect(isRole("ADMIN")).toBe(true);
    expect(isRole("ROOT")).toBe(false);
  });
});
