import { isLocale, type Locale } from "@/lib/i18n";

// Customer-facing dispute emails. Plain words, the customer's language, a link back to the
// dispute; never any staff-only content (callers pass only public text).

export type DisputeEmailKind = "received" | "reply" | "status" | "resolution" | "assignee_customer_reply" | "audit_found";

export type DisputeEmailVars = {
  number: string; // D-000123
  url: string;
  body?: string; // a public reply or the customer's reply
  status?: string; // already localised status label
  outcome?: string; // already localised outcome label
  note?: string; // public resolution note
  creditNoteUrl?: string;
  invoice?: string; // the invoice's number, for a dispute Settle opened from a billing check
  amount?: string; // already formatted money
  details?: string[]; // what was found, already in the reader's language
  firstResponse?: string; // already formatted deadline (date and time, UTC)
  resolution?: string;
};

type Strings = Record<
  Locale,
  {
    subject: Record<DisputeEmailKind, string>;
    intro: Record<DisputeEmailKind, string>;
    open: string;
    creditNote: string;
    affected: string;
    next: string;
    status: Record<string, string>;
    signOff: string;
  }
>;

const strings: Strings = {
  en: {
    subject: {
      received: "We received your dispute {number}",
      reply: "New reply on your dispute {number}",
      status: "Your dispute {number} is now: {status}",
      resolution: "Your dispute {number} has been {outcome}",
      assignee_customer_reply: "Customer replied on dispute {number}",
      audit_found: "We found a billing error on invoice {invoice} ({number})",
    },
    intro: {
      received:
        "We received your dispute {number}. What happens next: a member of our billing team reviews it and answers you by {firstResponse}, and we aim to resolve it by {resolution}. If we need anything from you, we will ask here; when the bill is corrected you get the credit note or refund by email.",
      reply: "Our billing team replied to your dispute {number}:",
      status: "The status of your dispute {number} changed to: {status}.",
      resolution: "Your dispute {number} has been {outcome}.",
      assignee_customer_reply: "The customer replied on dispute {number} assigned to you:",
      audit_found: "Our billing checks found an error on your invoice {invoice}, before you had to tell us:",
    },
    open: "Open the dispute: {url}",
    creditNote: "Credit note: {url}",
    affected: "Amount affected: {amount}",
    next: "What happens next: we are correcting it and you do not need to do anything. We will email you when the correction is issued; you can follow it and reply under dispute {number}.",
    status: { OPEN: "open", IN_REVIEW: "in review", WAITING_ON_CUSTOMER: "waiting for your reply", RESOLVED: "resolved", REJECTED: "rejected" },
    signOff: "— Settle billing support",
  },
  ru: {
    subject: {
      received: "Мы получили ваш спор {number}",
      reply: "Новый ответ по вашему спору {number}",
      status: "Статус спора {number}: {status}",
      resolution: "Спор {number}: {outcome}",
      assignee_customer_reply: "Клиент ответил в споре {number}",
      audit_found: "Мы нашли ошибку в счёте {invoice} ({number})",
    },
    intro: {
      received:
        "Мы получили ваш спор {number}. Что дальше: сотрудник службы биллинга рассмотрит его и ответит вам до {firstResponse}, а решить его мы стараемся до {resolution}. Если нам что-то понадобится, мы спросим здесь; когда счёт будет исправлен, вы получите кредит-ноту или возврат по email.",
      reply: "Служба биллинга ответила по вашему спору {number}:",
      status: "Статус вашего спора {number} изменился: {status}.",
      resolution: "Ваш спор {number}: {outcome}.",
      assignee_customer_reply: "Клиент ответил в назначенном вам споре {number}:",
      audit_found: "Наша автоматическая проверка нашла ошибку в вашем счёте {invoice} раньше, чем вам пришлось о ней сообщать:",
    },
    open: "Открыть спор: {url}",
    creditNote: "Кредит-нота: {url}",
    affected: "Затронутая сумма: {amount}",
    next: "Что дальше: мы исправляем ошибку, от вас ничего не требуется. Когда исправление будет оформлено, мы пришлём письмо; следить за ним и ответить можно в споре {number}.",
    status: { OPEN: "открыт", IN_REVIEW: "на рассмотрении", WAITING_ON_CUSTOMER: "ждём вашего ответа", RESOLVED: "решён", REJECTED: "отклонён" },
    signOff: "— Служба поддержки Settle",
  },
};

const fill = (s: string, vars: Record<string, string | undefined>) => s.replace(/\{(\w+)\}/g, (w, k: string) => vars[k] ?? w);
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export const emailLocale = (value: string | null | undefined): Locale => (isLocale(value) ? value : "en");

export function disputeStatusLabel(locale: Locale, status: string) {
  return strings[locale].status[status] ?? status.toLowerCase();
}

export function renderDisputeEmail(kind: DisputeEmailKind, locale: Locale, vars: DisputeEmailVars) {
  const s = strings[locale];
  const { details: _details, ...scalar } = vars;
  const v: Record<string, string | undefined> = scalar;
  // Each line with the URL it may link, if any: only Settle's own URLs ever do.
  const lines: { text: string; link?: { template: string; url: string } }[] = [{ text: fill(s.intro[kind], v) }];
  const gap = { text: "" };
  if (vars.body) lines.push(gap, { text: vars.body });
  if (vars.details?.length) lines.push(gap, ...vars.details.map((d) => ({ text: `• ${d}` })));
  if (vars.amount && kind === "audit_found") lines.push(gap, { text: fill(s.affected, v) });
  if (kind === "audit_found") lines.push(gap, { text: fill(s.next, v) });
  if (vars.note) lines.push(gap, { text: vars.note });
  if (vars.creditNoteUrl) lines.push(gap, { text: fill(s.creditNote, { url: vars.creditNoteUrl }), link: { template: s.creditNote, url: vars.creditNoteUrl } });
  lines.push(gap, { text: fill(s.open, v), link: { template: s.open, url: vars.url } }, gap, { text: s.signOff });
  const text = lines.map((l) => l.text).join("\n");
  const html = lines
    .flatMap((l) => (l.link ? [linkParagraph(l.link.template, l.link.url)] : l.text.split("\n").map((p) => (p === "" ? "" : `<p>${escapeHtml(p)}</p>`))))
    .join("\n");
  return { subject: fill(s.subject[kind], v), text, html, template: `dispute.${kind}`, locale };
}

/**
 * Free text (a staff reply, a resolution note, and above all the customer's own words in the
 * assignee's email) is escaped and never linkified: a URL a customer typed must not become a
 * clickable link in a mail staff trust. Only the template's own {url} slot is a link.
 */
function linkParagraph(template: string, url: string) {
  const [before, after = ""] = template.split("{url}");
  const href = escapeHtml(url);
  return `<p>${escapeHtml(before)}<a href="${href}">${href}</a>${escapeHtml(after)}</p>`;
}
