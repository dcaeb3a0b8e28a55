import { describe, expect, it } from "vitest";
import { renderStaffEmail } from "./staff-templates";
import { renderDisputeEmail } from "./templates";

describe("staff emails", () => {
  it("name the dispute and link the desk, in the recipient's language, escaping HTML", () => {
    const en = renderStaffEmail("sla_breached", "en", {
      number: "D-000042",
      url: "https://settle.example/desk/disputes/d1",
      deadline: "first response",
      due: "1 Dec 2026, 17:00 UTC",
    });
    expect(en.subject).toBe("Dispute D-000042: the first response deadline has passed");
    expect(en.text).toContain("was due at 1 Dec 2026, 17:00 UTC");
    expect(en.text).toContain("https://settle.example/desk/disputes/d1");
    expect(en.template).toBe("staff.sla_breached");
    const ru = renderStaffEmail("new_dispute", "ru", { number: "D-000042", url: "https://x/desk/disputes/d1", customer: "<b>Ann</b>" });
    expect(ru.subject).toBe("Новый спор D-000042 в очереди");
    expect(ru.html).toContain("&lt;b&gt;Ann&lt;/b&gt;");
    expect(ru.html).not.toContain("<b>Ann</b>");
  });
  it("the customer's receipt says what happens next, with the deadlines", () => {
    const m = renderDisputeEmail("received", "en", {
      number: "D-000042",
      url: "https://x/disputes/d1",
      firstResponse: "2 Dec 2026, 09:00 UTC",
      resolution: "8 Dec 2026, 17:00 UTC",
    });
    expect(m.subject).toBe("We received your dispute D-000042");
    expect(m.text).toContain("What happens next");
    expect(m.text).toContain("answers you by 2 Dec 2026, 09:00 UTC");
    expect(m.text).toContain("resolve it by 8 Dec 2026, 17:00 UTC");
  });
});
