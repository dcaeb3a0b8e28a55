import { describe, expect, it } from "vitest";
import { readTextCapped } from "./read-body";

// A body of unknown length, as a chunked upload arrives.
function streamed(chunks: string[]): Request {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent < chunks.length) controller.enqueue(new TextEncoder().encode(chunks[sent++]));
      else controller.close();
    },
  });
  return new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("readTextCapped", () => {
  it("returns the whole text within the cap", async () => {
    expect(await readTextCapped(streamed(['{"a":', '"é"}']), 100)).toBe('{"a":"é"}');
    expect(await readTextCapped(new Request("http://x/", { method: "POST", body: "hello" }), 5)).toBe("hello");
  });

  it("gives up once an undeclared body passes the cap, without reading the rest", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const req = new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit);
    expect(await readTextCapped(req, 4096)).toBeNull();
    expect(pulled).toBeLessThan(10);
  });

  it("refuses a declared length over the cap before reading", async () => {
    const req = new Request("http://x/", { method: "POST", body: "x".repeat(10), headers: { "content-length": "10" } });
    expect(await readTextCapped(req, 9)).toBeNull();
  });
});
