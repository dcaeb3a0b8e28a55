import { describe, expect, it } from "vitest";
import { hashSignInToken, safeCallbackPath } from "./issue-sign-in-link";
import { createHash } from "node:crypto";

describe("safeCallbackPath", () => {
  it("keeps same-site paths and drops everything else", () => {
    expect(safeCallbackPath("/invoices?page=2")).toBe("/invoices?page=2");
    for (const bad of ["https://evil.test/", "//evil.test", "/\\evil.test", "javascript:alert(1)", "", undefined, 42]) {
      expect(safeCallbackPath(bad)).toBe("/");
    }
  });
});

describe("hashSignInToken", () => {
  it("matches next-auth's hashToken: sha256(token + secret)", () => {
    expect(hashSignInToken("abc", "s3cret")).toBe(createHash("sha256").update("abcs3cret").digest("hex"));
  });
});
