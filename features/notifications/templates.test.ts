import { describe, expect, it } from "vitest";
import { disputeStatusLabel, emailLocale, renderDisputeEmail } from "./templates";

describe("dispute email templates", () => {
  const vars = { number: "D-000042", url: "https://settle.example/disputes/d1" };
  it("renders each kind in English and Russian with the link", () => {
    for (const locale of ["en", "ru"] as const) {
      for (const kind of ["reply", "status", "resolution", "assignee_customer_reply"] as const) {
        const m = renderDisputeEmail(kind, locale, { ...vars, body: "Body", status: "x", outcome: "y" });
        expect(m.subject).toContain("D-000042");
        expect(m.text).toContain(vars.url);
        expect(m.html).toContain(`href="${vars.url}"`);
        expect(m.template).toBe(`dispute.${kind}`);
        expect(m.subject).not.toMatch(/\{\w+\}/);
      }
    }
    expect(renderDisputeEmail("reply", "ru", vars).subject).toBe("Новый ответ по вашему спору D-000042");
  });
  it("links the credit note on a resolution", () => {
    const m = renderDisputeEmail("resolution", "en", {
      ...vars,
      outcome: "resolved",
      note: "Credited.",
      creditNoteUrl: "https://settle.example/invoices/i1#credit-notes",
    });
    expect(m.text).toContain("Credit note: https://settle.example/invoices/i1#credit-notes");
    expect(m.subject).toBe("Your dispute D-000042 has been resolved");
  });
  it("tells the customer what a billing check found, how much, and what happens next", () => {
    const m = renderDisputeEmail("audit_found", "en", {
      ...vars,
      invoice: "INV-7",
      body: "Line 2: 10 × US$12.00 makes US$120.00, but US$125.00 was billed",
      details: ["Line 2: Seats"],
      amount: "US$5.00",
    });
    expect(m.subject).toBe("We found a billing error on invoice INV-7 (D-000042)");
    expect(m.text.split("\n")).toEqual(
      expect.arrayContaining(["• Line 2: Seats", "Amount affected: US$5.00", expect.stringMatching(/^What happens next: .*D-000042\.$/)]),
    );
    const ru = renderDisputeEmail("audit_found", "ru", { ...vars, invoice: "INV-7" });
    expect(ru.subject).toBe("Мы нашли ошибку в счёте INV-7 (D-000042)");
    expect(ru.text).toContain("Что дальше:");
  });
  it("escapes HTML in bodies", () => {
    const m = renderDisputeEmail("reply", "en", { ...vars, body: "<script>alert(1)</script>" });
    expect(m.html).not.toContain("<script>");
    expect(m.html).toContain("&lt;script&gt;");
  });
  it("never turns customer-written URLs into links (only Settle's own URLs are links)", () => {
    const body = "Pay here instead: https://evil.example/pay?x=1&y=2\nor http://evil.example";
    for (const locale of ["en", "ru"] as const) {
      const m = renderDisputeEmail("assignee_customer_reply", locale, { ...vars, body });
      expect(m.html).not.toContain('evil.example/pay?x=1&amp;y=2"');
      expect(m.html).not.toMatch(/<a [^>]*evil/);
      expect(m.html).toContain("https://evil.example/pay?x=1&amp;y=2");
      expect(m.html.match(/<a /g)).toHaveLength(1);
      expect(m.html).toContain(`<a href="${vars.url}">${vars.url}</a>`);
      expect(m.text).toContain(body);
    }
    const r = renderDisputeEmail("resolution", "en", {
      ...vars,
      outcome: "resolved",
      note: "See https://evil.example",
      creditNoteUrl: "https://settle.example/invoices/i1#credit-notes",
    });
    expect(r.html.match(/<a href="([^"]+)"/g)).toEqual([`<a href="https://settle.example/invoices/i1#credit-notes"`, `<a href="${vars.url}"`]);
  });
  it("falls back to English for unknown locales and labels statuses", () => {
    expect(emailLocale("de")).toBe("en");
    expect(emailLocale(null)).toBe("en");
    expect(disputeStatusLabel("ru", "WAITING_ON_CUSTOMER")).toBe("ждём вашего ответа");
  });
});
