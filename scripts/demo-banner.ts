// What `npm run demo` prints once it is ready: where everything is and whom to sign in as.
// Pure (no I/O), so a test can hold it to the demo's list of people.
import type { Role } from "@prisma/client";

export type DemoPerson = { email: string; role: Role };

const ROLE_WORD: Record<Role, string> = { CUSTOMER: "customer", AGENT: "agent", LEAD: "lead", ADMIN: "admin" };

/** Every demo person, customers on one line and staff (with their role) on the next. */
export function demoPeopleLines(people: ReadonlyArray<DemoPerson>): string {
  const customers = people.filter((p) => p.role === "CUSTOMER").map((p) => p.email);
  const staff = people.filter((p) => p.role !== "CUSTOMER").map((p) => `${p.email} (${ROLE_WORD[p.role]})`);
  return `  Customers: ${customers.join(", ")}\n  Staff:     ${staff.join(", ")}\n  What each one shows: README.md, "Demo users".`;
}

export function readyBanner(o: { port: number; emulatorPort: number; people: ReadonlyArray<DemoPerson> }): string {
  return `
  Settle portal     http://localhost:${o.port}
  Sign in           http://localhost:${o.port}/sign-in   (demo picker, or a magic link)
  Demo mailbox      http://localhost:${o.port}/demo/mailbox
  Stripe emulator   http://127.0.0.1:${o.emulatorPort}
${demoPeopleLines(o.people)}
  Ctrl-C stops everything.
`;
}
