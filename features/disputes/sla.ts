import "@/lib/zod-jitless";
import { z } from "zod";
import { isCalendarDay, isPlainLine } from "@/lib/input";

// Business-hours SLA math. Pure: no I/O, no Date.now(). Deadlines are instants; business
// windows are computed in the policy's time zone (so DST shifts move the window, not the hours).

export const MAX_SLA_HOLIDAYS = 366;

export const slaPolicySchema = z
  .object({
    timezone: z.string().min(1).max(100).refine(isPlainLine).refine(isValidTimeZone, "is not a known time zone"),
    businessDays: z.array(z.number().int().min(1).max(7)).min(1), // ISO: 1 = Monday … 7 = Sunday
    startMinute: z.number().int().min(0).max(1439), // minutes after local midnight
    endMinute: z.number().int().min(1).max(1440),
    firstResponseMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30),
    resolutionMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 90),
    dueSoonMinutes: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 5)
      .default(120),
    // Capped: the deadline search checks every day against the list, and a year of holidays is
    // more than any real calendar needs.
    holidays: z.array(z.string().refine(isCalendarDay, "desk.slaPolicy.badHoliday")).max(MAX_SLA_HOLIDAYS, "desk.slaPolicy.tooManyHolidays").default([]),
  })
  .refine((p) => p.endMinute > p.startMinute, { message: "must end after it starts", path: ["endMinute"] });

export type SlaPolicy = z.infer<typeof slaPolicySchema>;

/** How far ahead a policy must be able to place every deadline; half the search horizon. */
const WORKABLE_YEARS = 5;

/**
 * Whether deadlines can be computed under a policy from `now`: a policy whose days, hours and
 * holidays leave no business time (only Sunday, every Sunday a holiday) would make every new
 * dispute fail, so it is refused before it is saved. The deadline must also lie well inside
 * the ten-year search, so a policy that works today still works as time moves on.
 */
export function isWorkableSlaPolicy(policy: SlaPolicy, now: Date): boolean {
  try {
    const { resolutionDueAt, firstResponseDueAt } = initialDeadlines(now, policy);
    const limit = Date.UTC(now.getUTCFullYear() + WORKABLE_YEARS, now.getUTCMonth(), now.getUTCDate());
    return Math.max(resolutionDueAt.getTime(), firstResponseDueAt.getTime()) <= limit;
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}

export const defaultSlaPolicy: SlaPolicy = {
  timezone: "UTC",
  businessDays: [1, 2, 3, 4, 5],
  startMinute: 9 * 60,
  endMinute: 17 * 60,
  firstResponseMinutes: 8 * 60, // one business day
  resolutionMinutes: 5 * 8 * 60, // one business week
  dueSoonMinutes: 120,
  holidays: [],
};

function isValidTimeZone(tz: string) {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function parts(instant: number, tz: string) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return { y: +p.year, m: +p.month, d: +p.day, h: +p.hour % 24, mi: +p.minute, s: +p.second };
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetMs(instant: number, tz: string) {
  const p = parts(instant, tz);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the zone's wall clock shows the given local date and minute. */
function localToInstant(y: number, m: number, d: number, minute: number, tz: string) {
  const wall = Date.UTC(y, m - 1, d, 0, minute);
  let instant = wall - offsetMs(wall, tz);
  const second = offsetMs(instant, tz);
  if (wall - second !== instant) instant = wall - second;
  return instant;
}

type Day = { y: number; m: number; d: number };
const nextDay = (day: Day): Day => {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + 1));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
const isoWeekday = (day: Day) => ((new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay() + 6) % 7) + 1;
const dayKey = (day: Day) => `${day.y}-${String(day.m).padStart(2, "0")}-${String(day.d).padStart(2, "0")}`;

/** Business windows [start, end) in ms, day by day from the local day containing `from`. */
function* windows(from: number, policy: SlaPolicy, maxDays = 3700) {
  const p = parts(from, policy.timezone);
  let day: Day = { y: p.y, m: p.m, d: p.d };
  for (let i = 0; i < maxDays; i++, day = nextDay(day)) {
    if (!policy.businessDays.includes(isoWeekday(day)) || policy.holidays.includes(dayKey(day))) continue;
    const start = localToInstant(day.y, day.m, day.d, policy.startMinute, policy.timezone);
    const end = localToInstant(day.y, day.m, day.d, policy.endMinute, policy.timezone);
    if (end > from) yield [start, end] as const;
  }
}

/** The instant `minutes` business minutes after `start`. */
export function addBusinessMinutes(start: Date, minutes: number, policy: SlaPolicy): Date {
  let remaining = minutes * 60_000;
  const t0 = start.getTime();
  for (const [ws, we] of windows(t0, policy)) {
    const cursor = Math.max(t0, ws);
    const available = we - cursor;
    if (remaining <= available) return new Date(cursor + remaining);
    remaining -= available;
  }
  throw new RangeError("SLA policy has no business hours within ten years");
}

/** Business minutes elapsed from a to b (0 when b ≤ a). */
export function businessMinutesBetween(a: Date, b: Date, policy: SlaPolicy): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to <= from) return 0;
  let total = 0;
  for (const [ws, we] of windows(from, policy)) {
    if (ws >= to) break;
    total += Math.min(we, to) - Math.max(ws, from);
  }
  return Math.round(total / 60_000);
}

export function initialDeadlines(openedAt: Date, policy: SlaPolicy) {
  return {
    firstResponseDueAt: addBusinessMinutes(openedAt, policy.firstResponseMinutes, policy),
    resolutionDueAt: addBusinessMinutes(openedAt, policy.resolutionMinutes, policy),
  };
}

/**
 * The clock stops while waiting on the customer: on resume, a deadline keeps the business
 * time it had left when the pause began. A deadline already missed at the pause stays missed.
 */
export function resumeDeadline(due: Date | null, pausedAt: Date, resumedAt: Date, policy: SlaPolicy): Date | null {
  if (!due) return null;
  if (due.getTime() <= pausedAt.getTime()) return due;
  const left = businessMinutesBetween(pausedAt, due, policy);
  return addBusinessMinutes(resumedAt, left, policy);
}

export type SlaState = "paused" | "breached" | "due_soon" | "on_track" | "met";

export function slaState(input: { dueAt: Date | null; doneAt?: Date | null; pausedAt?: Date | null }, now: Date, policy: SlaPolicy): SlaState {
  if (!input.dueAt) return "on_track";
  if (input.doneAt) return input.doneAt.getTime() <= input.dueAt.getTime() ? "met" : "breached";
  if (input.pausedAt) return input.pausedAt.getTime() > input.dueAt.getTime() ? "breached" : "paused";
  if (now.getTime() > input.dueAt.getTime()) return "breached";
  return businessMinutesBetween(now, input.dueAt, policy) <= policy.dueSoonMinutes ? "due_soon" : "on_track";
}

/** Reads a stored Setting value, falling back to the default for anything missing or invalid. */
export function parseSlaPolicy(value: unknown): SlaPolicy {
  const merged = { ...defaultSlaPolicy, ...(typeof value === "object" && value ? value : {}) };
  const r = slaPolicySchema.safeParse(merged);
  return r.success ? r.data : defaultSlaPolicy;
}
