import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "./cursor";

const schema = z.object({ v: z.string(), i: z.string().min(1) });

describe("opaque cursor codec", () => {
  it("round-trips the fields a schema accepts", () => {
    expect(decodeOpaqueCursor(encodeOpaqueCursor({ v: "2026-01-01T00:00:00.000Z", i: "inv_1" }), schema)).toEqual({
      v: "2026-01-01T00:00:00.000Z",
      i: "inv_1",
    });
  });
  it("is opaque: base64url of JSON, no padding or URL-unsafe characters", () => {
    expect(encodeOpaqueCursor({ v: "a/b+c?", i: "x" })).toMatch(/^[A-Za-z0-9_-]+$/);
  });
  it("turns anything malformed, tampered or oversized into null (the first page)", () => {
    expect(decodeOpaqueCursor(null, schema)).toBeNull();
    expect(decodeOpaqueCursor("", schema)).toBeNull();
    expect(decodeOpaqueCursor("%%%not-base64", schema)).toBeNull();
    expect(decodeOpaqueCursor(Buffer.from("2026-01-01|inv_1").toString("base64url"), schema)).toBeNull();
    expect(decodeOpaqueCursor(encodeOpaqueCursor({ v: "x", i: "" }), schema)).toBeNull();
    expect(decodeOpaqueCursor(encodeOpaqueCursor({ v: "x".repeat(400), i: "y" }), schema)).toBeNull();
    expect(decodeOpaqueCursor(encodeOpaqueCursor({ v: "x".repeat(400), i: "y" }), schema, 1000)).not.toBeNull();
  });
});
