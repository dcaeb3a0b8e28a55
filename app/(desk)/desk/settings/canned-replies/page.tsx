import type { Metadata } from "next";
import { Alert, Card, EmptyState } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { loadCannedReplies } from "@/features/disputes/page-data";
import { disputeReasons } from "@/features/disputes/reasons";
import { translate, type MessageKey } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { CannedReplyForm, DeleteCannedReply } from "./CannedReplyForm";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.canned.title") };
}

export default async function CannedRepliesPage() {
  const [{ t, locale }, { replies, role }] = await Promise.all([getT(), loadCannedReplies()]);
  const canEdit = role === "LEAD" || role === "ADMIN";
  const reasons = disputeReasons.map((r) => ({ value: r, label: t(`disputes.reason.${r}` as MessageKey) }));
  return (
    <div className={s.stack}>
      <div>
        <h1>{t("desk.canned.title")}</h1>
        <p className={s.meta}>{t("desk.canned.intro")}</p>
      </div>
      {!canEdit && (
        <Alert tone="info">
          <p>{t("desk.canned.leadsOnly")}</p>
        </Alert>
      )}
      {canEdit && (
        <Card title={t("desk.canned.new")}>
          <CannedReplyForm locale={locale} reasons={reasons} />
        </Card>
      )}
      {replies.length === 0 && (
        <Card>
          <EmptyState title={t("desk.canned.empty")} />
        </Card>
      )}
      {disputeReasons
        .filter((r) => replies.some((c) => c.reason === r))
        .map((reason) => (
          <Card key={reason} title={t(`disputes.reason.${reason}` as MessageKey)}>
            <div className={s.stack}>
              {replies
                .filter((c) => c.reason === reason)
                .map((c) => (
                  <div key={c.id} className={s.lineBox}>
                    <p className={s.eventHead}>
                      {c.title} <span className={s.meta}>({c.locale})</span>
                    </p>
                    {canEdit ? (
                      <details>
                        <summary>{t("desk.canned.edit", { title: c.title })}</summary>
                        <CannedReplyForm locale={locale} reasons={reasons} initial={c} />
                        <DeleteCannedReply locale={locale} id={c.id} />
                      </details>
                    ) : (
                      <p className={s.body}>{c.body}</p>
                    )}
                  </div>
                ))}
            </div>
          </Card>
        ))}
    </div>
  );
}
