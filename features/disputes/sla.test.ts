import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  businessMinutesBetween,
  defaultSlaPolicy,
  initialDeadlines,
  isWorkableSlaPolicy,
  resumeDeadline,
  slaPolicySchema,
  slaState,
  type SlaPolicy,
} from "./sla";

const utc = defaultSlaPolicy; // Mon–Fri 09:00–17:00 UTC
const d = (s: string) => new Date(s);

describe("addBusinessMinutes", () => {
  it("adds within the same business day", () => {
    expect(addBusinessMinutes(d("2026-11-25T10:00:00Z"), 120, utc)).toEqual(d("2026-11-25T12:00:00Z"));
  });
  it("carries overnight into the next morning", () => {
    // Wed 16:00 + 2h → 1h left Wed, 1h Thu from 09:00
    expect(addBusinessMinutes(d("2026-11-25T16:00:00Z"), 120, utc)).toEqual(d("2026-11-26T10:00:00Z"));
  });
  it("starts the clock at opening time when filed at night", () => {
    expect(addBusinessMinutes(d("2026-11-25T22:30:00Z"), 30, utc)).toEqual(d("2026-11-26T09:30:00Z"));
  });
  it("skips the weekend", () => {
    // Fri 2026-11-27 16:00 + 8h → Fri 1h, Mon 7h → Mon 16:00
    expect(addBusinessMinutes(d("2026-11-27T16:00:00Z"), 480, utc)).toEqual(d("2026-11-30T16:00:00Z"));
    // Saturday filing starts Monday 09:00
    expect(addBusinessMinutes(d("2026-11-28T12:00:00Z"), 60, utc)).toEqual(d("2026-11-30T10:00:00Z"));
  });
  it("skips holidays", () => {
    const p: SlaPolicy = { ...utc, holidays: ["2026-11-26"] };
    expect(addBusinessMinutes(d("2026-11-25T16:00:00Z"), 120, p)).toEqual(d("2026-11-27T10:00:00Z"));
  });
  it("works in a zone with DST: 09:00 local is 08:00 UTC in summer and 09:00 UTC in winter (London)", () => {
    const p: SlaPolicy = { ...utc, timezone: "Europe/London" };
    expect(addBusinessMinutes(d("2026-07-01T02:00:00Z"), 60, p)).toEqual(d("2026-07-01T09:00:00Z"));
    expect(addBusinessMinutes(d("2026-12-01T02:00:00Z"), 60, p)).toEqual(d("2026-12-01T10:00:00Z"));
  });
  it("handles a zone east of UTC across midnight (Moscow, UTC+3)", () => {
    const p: SlaPolicy = { ...utc, timezone: "Europe/Moscow" };
    // Wed 23:30 UTC = Thu 02:30 Moscow → Thu 09:00 Moscow = 06:00 UTC; +60 → 07:00 UTC
    expect(addBusinessMinutes(d("2026-11-25T23:30:00Z"), 60, p)).toEqual(d("2026-11-26T07:00:00Z"));
  });
});

describe("businessMinutesBetween", () => {
  it("counts only business hours", () => {
    expect(businessMinutesBetween(d("2026-11-25T16:00:00Z"), d("2026-11-26T10:00:00Z"), utc)).toBe(120);
    expect(businessMinutesBetween(d("2026-11-27T12:00:00Z"), d("2026-11-30T12:00:00Z"), utc)).toBe(480);
    expect(businessMinutesBetween(d("2026-11-28T00:00:00Z"), d("2026-11-29T23:00:00Z"), utc)).toBe(0);
    expect(businessMinutesBetween(d("2026-11-26T10:00:00Z"), d("2026-11-25T10:00:00Z"), utc)).toBe(0);
  });
  it("is the inverse of addBusinessMinutes", () => {
    const start = d("2026-11-25T13:17:00Z");
    for (const m of [1, 59, 480, 1000, 2400]) {
      expect(businessMinutesBetween(start, addBusinessMinutes(start, m, utc), utc)).toBe(m);
    }
  });
});

describe("pausing while waiting on the customer", () => {
  it("keeps the business time left at the pause", () => {
    const due = d("2026-11-26T12:00:00Z"); // Thu 12:00
    // paused Wed 15:00 (2h Wed + 3h Thu = 5h left); customer replies Mon 10:00 → due Mon 15:00
    expect(resumeDeadline(due, d("2026-11-25T15:00:00Z"), d("2026-11-30T10:00:00Z"), utc)).toEqual(d("2026-11-30T15:00:00Z"));
  });
  it("does not rescue a deadline already missed when the pause began", () => {
    const due = d("2026-11-25T12:00:00Z");
    expect(resumeDeadline(due, d("2026-11-25T15:00:00Z"), d("2026-11-30T10:00:00Z"), utc)).toEqual(due);
  });
  it("reports paused, not breached, while waiting", () => {
    expect(slaState({ dueAt: d("2026-11-25T12:00:00Z"), pausedAt: d("2026-11-25T11:00:00Z") }, d("2026-12-25T00:00:00Z"), utc)).toBe("paused");
  });
});

describe("slaState", () => {
  const due = d("2026-11-26T12:00:00Z");
  it("breached after the deadline", () => expect(slaState({ dueAt: due }, d("2026-11-26T12:01:00Z"), utc)).toBe("breached"));
  it("due soon within two business hours", () => expect(slaState({ dueAt: due }, d("2026-11-26T10:30:00Z"), utc)).toBe("due_soon"));
  it("due soon counts business time: Wed 16:30 → Thu 10:00 is 90 minutes", () =>
    expect(slaState({ dueAt: d("2026-11-26T10:00:00Z") }, d("2026-11-25T16:30:00Z"), utc)).toBe("due_soon"));
  it("on track otherwise", () => expect(slaState({ dueAt: due }, d("2026-11-25T09:00:00Z"), utc)).toBe("on_track"));
  it("met or breached once done", () => {
    expect(slaState({ dueAt: due, doneAt: d("2026-11-26T11:00:00Z") }, d("2027-01-01T00:00:00Z"), utc)).toBe("met");
    expect(slaState({ dueAt: due, doneAt: d("2026-11-26T13:00:00Z") }, d("2027-01-01T00:00:00Z"), utc)).toBe("breached");
  });
  it("initial deadlines: 8 business hours and 40 business hours", () => {
    const r = initialDeadlines(d("2026-11-27T16:00:00Z"), utc); // Friday 16:00
    expect(r.firstResponseDueAt).toEqual(d("2026-11-30T16:00:00Z"));
    expect(r.resolutionDueAt).toEqual(d("2026-12-04T16:00:00Z"));
  });
});

describe("policy checks before saving", () => {
  const now = d("2026-11-25T10:00:00Z");
  const sundays = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 10, 29 + 7 * i)).toISOString().slice(0, 10));
  it("refuses a policy whose only business day is always a holiday", () => {
    const sundayOnly = { ...defaultSlaPolicy, businessDays: [7], holidays: sundays(366) };
    expect(slaPolicySchema.safeParse(sundayOnly).success).toBe(true); // each field alone is fine…
    expect(isWorkableSlaPolicy(sundayOnly, now)).toBe(false); // …but no deadline fits
    expect(isWorkableSlaPolicy({ ...sundayOnly, holidays: sundays(4) }, now)).toBe(true);
    expect(isWorkableSlaPolicy(defaultSlaPolicy, now)).toBe(true);
  });
  it("refuses a resolution time the calendar cannot reach within five years", () => {
    const thin = { ...defaultSlaPolicy, businessDays: [7], startMinute: 0, endMinute: 1, resolutionMinutes: 60 * 24 * 90 };
    expect(isWorkableSlaPolicy(thin, now)).toBe(false);
  });
  it("caps the holiday list and refuses days that do not exist", () => {
    const at = (holidays: string[]) => slaPolicySchema.safeParse({ ...defaultSlaPolicy, holidays });
    expect(at(sundays(366)).success).toBe(true);
    expect(at(sundays(367)).error?.issues[0].message).toBe("desk.slaPolicy.tooManyHolidays");
    expect(at(["2026-02-30"]).success).toBe(false);
    expect(at(["2026-13-01"]).success).toBe(false);
    expect(at(["2028-02-29"]).success).toBe(true);
  });
});
