import type { Locale } from "@/lib/i18n";

// Emails to staff about work waiting for them, in each staff member's own language. They name
// the dispute or correction and link to the desk; the customer's words are never copied in
// (the desk shows them to whoever opens the link).

export type StaffEmailKind = "new_dispute" | "assigned" | "approval_waiting" | "sla_due_soon" | "sla_breached";

export type StaffEmailVars = {
  number: string; // D-000123
  url: string;
  customer?: string; // name or email of the customer
  amount?: string; // already formatted money
  due?: string; // already formatted deadline
  deadline?: string; // already localised: "first response" | "resolution"
};

const strings: Record<
  Locale,
  {
    subject: Record<StaffEmailKind, string>;
    body: Record<StaffEmailKind, string>;
    open: string;
    signOff: string;
    deadline: Record<"first_response" | "resolution", string>;
  }
> = {
  en: {
    subject: {
      new_dispute: "New dispute {number} in the queue",
      assigned: "Dispute {number} is assigned to you",
      approval_waiting: "A correction of {amount} on dispute {number} waits for your approval",
      sla_due_soon: "Dispute {number}: the {deadline} is due soon",
      sla_breached: "Dispute {number}: the {deadline} deadline has passed",
    },
    body: {
      new_dispute: "{customer} opened dispute {number}. It is unassigned: take it from the queue if it is yours to handle.",
      assigned: "Dispute {number} ({customer}) is now assigned to you.",
      approval_waiting:
        "A correction of {amount} on dispute {number} is above the approval threshold and waits for a lead other than the one who requested it.",
      sla_due_soon: "The {deadline} on dispute {number} is due at {due}.",
      sla_breached: "The {deadline} on dispute {number} was due at {due} and has passed.",
    },
    open: "Open it on the desk: {url}",
    signOff: "— Settle",
    deadline: { first_response: "first response", resolution: "resolution" },
  },
  ru: {
    subject: {
      new_dispute: "Новый спор {number} в очереди",
      assigned: "Спор {number} назначен вам",
      approval_waiting: "Корректировка на {amount} по спору {number} ждёт вашего одобрения",
      sla_due_soon: "Спор {number}: скоро срок ({deadline})",
      sla_breached: "Спор {number}: срок ({deadline}) пропущен",
    },
    body: {
      new_dispute: "{customer} открыл(а) спор {number}. Он ни за кем не закреплён: возьмите его из очереди, если он ваш.",
      assigned: "Спор {number} ({customer}) теперь назначен вам.",
      approval_waiting: "Корректировка на {amount} по спору {number} выше порога одобрения и ждёт руководителя, который её не запрашивал.",
      sla_due_soon: "Срок ({deadline}) по спору {number} наступает {due}.",
      sla_breached: "Срок ({deadline}) по спору {number} истёк {due}.",
    },
    open: "Открыть в деске: {url}",
    signOff: "— Settle",
    deadline: { first_response: "первый ответ", resolution: "решение" },
  },
};

const fill = (s: string, vars: Record<string, string | undefined>) => s.replace(/\{(\w+)\}/g, (w, k: string) => vars[k] ?? w);
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export const deadlineLabel = (locale: Locale, which: "first_response" | "resolution") => strings[locale].deadline[which];

export function renderStaffEmail(kind: StaffEmailKind, locale: Locale, vars: StaffEmailVars) {
  const s = strings[locale];
  const v = { ...vars } as Record<string, string | undefined>;
  const lines = [fill(s.body[kind], v), "", fill(s.open, v), "", s.signOff];
  const text = lines.join("\n");
  const html = lines.map((l) => (l === "" ? "" : `<p>${escapeHtml(l).replace(/(https?:\/\/\S+)/g, '<a href="$1">$1</a>')}</p>`)).join("\n");
  return { subject: fill(s.subject[kind], v), text, html, template: `staff.${kind}`, locale };
}
