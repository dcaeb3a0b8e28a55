import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Alert, ButtonLink, EmptyState } from "@/components/ui";
import { listDemoMail } from "@/features/notifications/list-demo-mail";
import { isDemo } from "@/lib/env";
import { formatDate, translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import s from "./mailbox.module.css";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "mailbox.title") };
}

export default async function DemoMailboxPage() {
  if (!isDemo()) notFound();
  const [{ t, locale }, box] = await Promise.all([getT(), listDemoMail()]);
  return (
    <main id="main" className={s.page}>
      <div className={s.head}>
        <div>
          <h1>{t("mailbox.title")}</h1>
          <p className={s.muted}>{t("mailbox.intro")}</p>
        </div>
        <ButtonLink href="/demo/mailbox">{t("mailbox.refresh")}</ButtonLink>
      </div>
      {!box.available ? (
        <Alert tone="warning">
          <p>{t("mailbox.unavailable", { url: box.url })}</p>
        </Alert>
      ) : box.messages.length === 0 ? (
        <EmptyState title={t("mailbox.emptyTitle")}>
          <p>{t("mailbox.emptyBody")}</p>
        </EmptyState>
      ) : (
        <ol className={s.list}>
          {box.messages.map((m) => (
            <li key={m.id} className={s.mail} data-testid="demo-mail">
              <h2 className={s.subject}>{m.subject}</h2>
              <dl className={s.meta}>
                <dt>{t("mailbox.to")}</dt>
                <dd>{m.to.join(", ")}</dd>
                <dt>{t("mailbox.received")}</dt>
                <dd>{formatDate(locale, m.receivedAt, { dateStyle: "medium", timeStyle: "medium" })} UTC</dd>
              </dl>
              {m.links.length > 0 && (
                <ul className={s.links} aria-label={t("mailbox.links")}>
                  {m.links.map((href) => (
                    <li key={href}>
                      <a href={href}>{href.includes("/api/auth/callback/email") ? translate(locale, "mail.button") : href}</a>
                    </li>
                  ))}
                </ul>
              )}
              <pre className={s.text}>{m.text}</pre>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
