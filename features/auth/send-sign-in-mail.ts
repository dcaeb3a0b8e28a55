import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { createT, formatDate, type Locale } from "@/lib/i18n";

let transport: Transporter | undefined;
const getTransport = () => (transport ??= nodemailer.createTransport(env().SMTP_URL));

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function renderSignInMail(options: { url: string; expires: Date; locale: Locale }) {
  const t = createT(options.locale);
  const time = formatDate(options.locale, options.expires, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
  const text = [t("mail.greeting"), "", t("mail.body", { time }), "", options.url, "", t("mail.ignore")].join("\n");
  const html = `<p>${escapeHtml(t("mail.greeting"))}</p>
<p>${escapeHtml(t("mail.body", { time }))}</p>
<p><a href="${escapeHtml(options.url)}">${escapeHtml(t("mail.button"))}</a></p>
<p>${escapeHtml(t("mail.ignore"))}</p>`;
  return { subject: t("mail.subject"), text, html };
}

export async function sendSignInMail(options: { to: string; url: string; expires: Date; locale: Locale }) {
  const mail = renderSignInMail(options);
  await getTransport().sendMail({ to: options.to, from: env().EMAIL_FROM, ...mail });
}
