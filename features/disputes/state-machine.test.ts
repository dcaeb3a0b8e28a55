import { DisputeStatus } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { canReopen, canTransition, closedStatuses, disputeStatuses, isClosed, manualTargets, openStatuses } from "./state-machine";
import { downloadFileName, sniffMime, sanitizeFileName } from "./magic-bytes";
import { stripeCreditNoteReason, disputeReasons } from "./reasons";

describe("dispute state machine", () => {
  it("splits every status of the schema into open and closed, each once", () => {
    expect([...disputeStatuses].sort()).toEqual(Object.values(DisputeStatus).sort());
    expect(new Set(disputeStatuses).size).toBe(disputeStatuses.length);
    for (const s of openStatuses) expect(isClosed(s)).toBe(false);
    for (const s of closedStatuses) expect(isClosed(s)).toBe(true);
  });
  it("allows the documented path", () => {
    expect(canTransition("OPEN", "IN_REVIEW")).toBe(true);
    expect(canTransition("IN_REVIEW", "WAITING_ON_CUSTOMER")).toBe(true);
    expect(canTransition("WAITING_ON_CUSTOMER", "IN_REVIEW")).toBe(true);
    expect(canTransition("IN_REVIEW", "RESOLVED")).toBe(true);
    expect(canTransition("IN_REVIEW", "REJECTED")).toBe(true);
    expect(canTransition("RESOLVED", "OPEN")).toBe(true);
    expect(canTransition("REJECTED", "OPEN")).toBe(true);
  });
  it("refuses jumps that skip the lifecycle", () => {
    expect(canTransition("RESOLVED", "IN_REVIEW")).toBe(false);
    expect(canTransition("RESOLVED", "REJECTED")).toBe(false);
    expect(canTransition("IN_REVIEW", "OPEN")).toBe(false);
    expect(canTransition("OPEN", "OPEN")).toBe(false);
  });
  it("closing is not a manual status change (it needs a root cause)", () => {
    expect(manualTargets("OPEN")).toEqual(["IN_REVIEW", "WAITING_ON_CUSTOMER"]);
    expect(manualTargets("RESOLVED")).toEqual([]);
  });
  it("reopens only closed disputes within 30 days", () => {
    const resolved = new Date("2026-11-01T00:00:00Z");
    expect(canReopen("RESOLVED", resolved, new Date("2026-11-30T23:00:00Z"))).toBe(true);
    expect(canReopen("RESOLVED", resolved, new Date("2026-12-01T00:00:01Z"))).toBe(false);
    expect(canReopen("IN_REVIEW", resolved, new Date("2026-11-02T00:00:00Z"))).toBe(false);
    expect(canReopen("REJECTED", null, new Date())).toBe(false);
  });
});

describe("magic bytes", () => {
  const bytes = (...b: number[]) => new Uint8Array([...b, 0, 0, 0, 0]);
  it("recognises PDF, PNG and JPEG by content", () => {
    expect(sniffMime(new TextEncoder().encode("%PDF-1.7\n"))?.mime).toBe("application/pdf");
    expect(sniffMime(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))?.mime).toBe("image/png");
    expect(sniffMime(bytes(0xff, 0xd8, 0xff, 0xe0))?.mime).toBe("image/jpeg");
  });
  it("rejects anything else whatever its name would say", () => {
    expect(sniffMime(new TextEncoder().encode("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffMime(new TextEncoder().encode("GIF89a"))).toBeNull();
    expect(sniffMime(new Uint8Array([0x25, 0x50]))).toBeNull();
    expect(sniffMime(new Uint8Array([]))).toBeNull();
  });
  it("sanitises display names", () => {
    expect(sanitizeFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName('C:\\x\\bad"<name>.pdf')).toBe("bad__name_.pdf");
    expect(sanitizeFileName("")).toBe("file");
  });
  it("serves a file under the extension of its sniffed type, not the uploader's", () => {
    expect(downloadFileName("evidence.html", "application/pdf")).toBe("evidence.pdf");
    expect(downloadFileName("evidence.pdf", "application/pdf")).toBe("evidence.pdf");
    expect(downloadFileName("shot", "image/png")).toBe("shot.png");
    expect(downloadFileName("photo.JPEG", "image/jpeg")).toBe("photo.JPEG");
    expect(downloadFileName("photo.png.exe", "image/jpeg")).toBe("photo.png.jpg");
    expect(downloadFileName(".htaccess", "image/png")).toBe(".htaccess.png");
  });
});

describe("reasons", () => {
  it("maps every reason to a Stripe credit-note reason (or none for OTHER)", () => {
    for (const r of disputeReasons) expect(r in stripeCreditNoteReason).toBe(true);
    expect(stripeCreditNoteReason.CHARGED_TWICE).toBe("duplicate");
    expect(stripeCreditNoteReason.SERVICE_NOT_RECEIVED).toBe("product_unsatisfactory");
    expect(stripeCreditNoteReason.WRONG_QUANTITY).toBe("order_change");
    expect(stripeCreditNoteReason.OTHER).toBeNull();
  });
});
