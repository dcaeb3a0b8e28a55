import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";
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

describe("clientIp", () => {
  it("takes the entry our proxy appended (rightmost), not the client's claim", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.7" }))).toBe("10.0.0.7");
    expect(clientIp(new Headers({ "x-real-ip": "10.1.1.1" }))).toBe("10.1.1.1");
    expect(clientIp(new Headers())).toBe("unknown");
  });
});
