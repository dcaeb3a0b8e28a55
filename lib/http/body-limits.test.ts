import { describe, expect, it } from "vitest";
import { ATTACHMENT_BODY_BYTES, bodyVerdict, SMALL_BODY_BYTES } from "./body-limits";

const post = (pathname: string, contentLength: number | string | null, chunked = false) =>
  bodyVerdict({ method: "POST", pathname, contentLength: contentLength === null ? null : String(contentLength), chunked });

describe("bodyVerdict", () => {
  it("lets small bodies through everywhere", () => {
    expect(post("/sign-in", 2000)).toEqual({ kind: "ok" });
    expect(post("/api/demo/sign-in", SMALL_BODY_BYTES)).toEqual({ kind: "ok" });
    expect(bodyVerdict({ method: "GET", pathname: "/", contentLength: String(ATTACHMENT_BODY_BYTES * 2), chunked: false })).toEqual({ kind: "ok" });
  });

  it("refuses large bodies outside the attachment pages, whoever sends them", () => {
    for (const path of ["/sign-in", "/", "/api/auth/callback/email", "/invoices", "/desk/settings/sla", "/disputes/x/y"]) {
      expect(post(path, SMALL_BODY_BYTES + 1), path).toEqual({ kind: "refuse", status: 413 });
    }
  });

  it("lets large bodies reach the attachment pages only with a session, and never past the cap", () => {
    for (const path of ["/disputes/new", "/disputes/cku1", "/desk/disputes/cku1"]) {
      expect(post(path, 20 * 1024 * 1024), path).toEqual({ kind: "needs-session" });
      expect(post(path, ATTACHMENT_BODY_BYTES + 1), path).toEqual({ kind: "refuse", status: 413 });
    }
  });

  it("refuses undeclared (chunked) bodies except where a session may send attachments, and malformed lengths", () => {
    expect(post("/sign-in", null, true)).toEqual({ kind: "refuse", status: 411 });
    expect(post("/disputes/new", null, true)).toEqual({ kind: "needs-session" });
    expect(post("/sign-in", null, false)).toEqual({ kind: "ok" });
    for (const bad of ["-1", "1e9", "12abc", " 12", "9".repeat(16)]) expect(post("/sign-in", bad), bad).toEqual({ kind: "refuse", status: 400 });
  });
});
