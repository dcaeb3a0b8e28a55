// npm run mail:catcher — SMTP on 127.0.0.1:1025 (MAIL_CATCHER_SMTP_PORT), JSON API on
// 127.0.0.1:1080 (MAIL_CATCHER_HTTP_PORT); mails kept in .data/mail/messages.json.
import { startMailCatcher } from "@/features/notifications/mail-catcher";

const catcher = await startMailCatcher({
  smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025),
  httpPort: Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 1080),
  file: process.env.MAIL_CATCHER_FILE ?? ".data/mail/messages.json",
});
console.log(`mail catcher: smtp://127.0.0.1:${catcher.smtpPort}  http://127.0.0.1:${catcher.httpPort}/messages`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void catcher.close().then(() => process.exit(0)));
}
