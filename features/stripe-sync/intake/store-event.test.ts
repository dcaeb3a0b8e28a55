import { describe, expect, it } from "vitest";
import type { InboxRow } from "./inbox-writer";
import { storeEvent } from "./store-event";

describe("storeEvent", () => {
  it("writes through the writer its caller chose: the event's row with its ordering key and the body as received", async () => {
    const written: InboxRow[] = [];
    const write = async (row: InboxRow) => {
      written.push(row);
      return written.length === 1;
    };
    const event = {
      id: "evt_1",
      type: "invoiceitem.created",
      created: 1_700_000_000,
      data: { object: { id: "ii_1", object: "invoiceitem", invoice: "in_9" } },
    };
    const raw = `${JSON.stringify(event)}\n`; // exactly the bytes that were signed, not a re-serialisation
    expect(await storeEvent(write, event, raw, "webhook")).toBe(true);
    expect(await storeEvent(write, event, raw, "resync")).toBe(false);
    expect(written[0]).toEqual({
      id: "evt_1",
      type: "invoiceitem.created",
      objectType: "invoiceitem",
      objectId: "in_9", // an invoice item's events are ordered with its invoice's
      apiVersion: null,
      livemode: false,
      created: 1_700_000_000,
      payload: raw,
      source: "webhook",
    });
    expect(written[1].source).toBe("resync");
  });
});
