import { describe, expect, it } from "vitest";
import { demoUsers } from "../features/auth/demo-users";
import { readyBanner } from "./demo-banner";

describe("the demo's ready banner", () => {
  const banner = readyBanner({ port: 3714, emulatorPort: 12714, people: demoUsers });
  const line = (label: string) => banner.split("\n").find((l) => l.trimStart().startsWith(label)) ?? "";

  it("names every staff demo user, with the role, on the staff line", () => {
    const staff = demoUsers.filter((u) => u.role !== "CUSTOMER");
    expect(staff.length).toBeGreaterThanOrEqual(4);
    for (const u of staff) expect(line("Staff:")).toContain(`${u.email} (${u.role.toLowerCase()})`);
    expect(line("Staff:")).not.toContain("@example.com");
  });

  it("names every customer demo user on the customers line", () => {
    const customers = demoUsers.filter((u) => u.role === "CUSTOMER");
    for (const u of customers) expect(line("Customers:")).toContain(u.email);
    expect(line("Customers:").split(",")).toHaveLength(customers.length);
  });

  it("points at the ports it was started on", () => {
    expect(banner).toContain("http://localhost:3714/sign-in");
    expect(banner).toContain("http://localhost:3714/demo/mailbox");
    expect(banner).toContain("http://127.0.0.1:12714");
  });
});
