import { z } from "zod";

// Zod schemas for FormData, so a server action reads its form through a schema instead of
// picking fields apart by hand. `formEntries` turns the form into name → every value; the field
// schemas below pick from that. They never fail: an absent field reads as "" (or [] / undefined),
// and what the values mean is checked by the use case's own schema, the boundary every caller
// (actions, scripts, tests) goes through.

export type FormEntries = Record<string, FormDataEntryValue[]>;

export function formEntries(form: FormData): FormEntries {
  const out: FormEntries = {};
  for (const [k, v] of form.entries()) (out[k] ??= []).push(v);
  return out;
}

const values = z.array(z.custom<FormDataEntryValue>()).optional();
const firstText = (vs: FormDataEntryValue[] | undefined) => {
  const v = vs?.[0];
  return typeof v === "string" ? v : "";
};

/** The field's first value as text; "" when absent or a file. */
export const text = () => values.transform(firstText);
/** The same, but an empty value reads as undefined (an optional input). */
export const optionalText = () => values.transform((vs) => firstText(vs) || undefined);
/** Every text value of the field (ticked checkboxes, repeated inputs). */
export const texts = () => values.transform((vs) => (vs ?? []).filter((v): v is string => typeof v === "string"));
/** A checkbox: true when ticked ("on"). */
export const checkbox = () => values.transform((vs) => firstText(vs) === "on");
/** The field's non-empty files (their bytes are not read here). */
export const files = () =>
  values.transform((vs) => (vs ?? []).filter((f): f is File => typeof f === "object" && f !== null && "arrayBuffer" in f && f.size > 0));

/** The first text value of any field, for names known only at run time (`expectedAmount:<lineId>`). */
export const textOf = (entries: FormEntries, name: string) => firstText(entries[name]);
