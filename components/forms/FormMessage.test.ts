import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en.json";
import ru from "@/lib/i18n/messages/ru.json";
import { createT } from "@/lib/i18n";
import { tr } from "./FormMessage";

describe("FormMessage tr", () => {
  it("shows a catalog key's words in the reader's language, audit keys included", () => {
    expect(tr(createT("en"), "audit.err.conflict")).toBe(en["audit.err.conflict"]);
    expect(tr(createT("ru"), "audit.err.conflict")).toBe(ru["audit.err.conflict"]);
    expect(tr(createT("en"), "audit.err.reasonRequired")).toBe(en["audit.err.reasonRequired"]);
    expect(tr(createT("en"), "desk.sync.resyncRunning")).toBe(en["desk.sync.resyncRunning"]);
  });
  it("falls back to the generic text only for an unknown key, and shows nothing for none", () => {
    expect(tr(createT("en"), "audit.err.transition.OPEN.CORRECTED")).toBe(en["disputes.err.unexpected"]);
    expect(tr(createT("en"), "toString")).toBe(en["disputes.err.unexpected"]);
    expect(tr(createT("en"), undefined)).toBeUndefined();
  });
});
