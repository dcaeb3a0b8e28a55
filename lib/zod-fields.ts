import type { z } from "zod";
import { isMessageKey, type MessageKey } from "@/lib/i18n";

// The one mapping from a zod failure to a form's fields: each issue goes to its field (its path,
// "form" for the whole input) with a message key that says what is wrong with that field. A
// schema that names its own key for a check (`.max(500, "desk.customer.err.reason")`) is
// field-specific already and wins; zod's built-in English messages are never shown, each issue
// code has a key of its own (form.err.*, in every catalog).

type Issue = z.core.$ZodIssue;

/** The message key for one zod issue. */
export function issueKey(issue: Issue): MessageKey {
  if (isMessageKey(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "number" || issue.expected === "bigint" || issue.expected === "int" ? "form.err.number" : "form.err.required";
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "form.err.required" : "form.err.tooShort";
      if (issue.origin === "array" || issue.origin === "set") return "form.err.tooFew";
      if (issue.origin === "date") return "form.err.date";
      return "form.err.tooSmall";
    case "too_big":
      if (issue.origin === "string") return "form.err.tooLong";
      if (issue.origin === "array" || issue.origin === "set") return "form.err.tooMany";
      if (issue.origin === "file") return "form.err.fileTooLarge";
      if (issue.origin === "date") return "form.err.date";
      return "form.err.tooBig";
    case "invalid_format":
      if (issue.format === "email") return "form.err.email";
      if (issue.format === "date" || issue.format === "datetime" || issue.format === "time") return "form.err.date";
      return "form.err.format";
    case "invalid_value":
      return "form.err.choice";
    case "not_multiple_of":
      return "form.err.number";
    default:
      return "form.err.invalid";
  }
}

/** Field path → message key, the first issue of each field ("lines.0.amount"; "form" for the input itself). */
export function zodFieldErrors(error: z.ZodError): Record<string, MessageKey> {
  const out: Record<string, MessageKey> = {};
  for (const issue of error.issues) out[issue.path.map(String).join(".") || "form"] ??= issueKey(issue);
  return out;
}
