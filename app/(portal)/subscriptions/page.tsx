import type { Metadata } from "next";
import { Card, EmptyState } from "@/components/ui";
import s from "@/components/portal/portal.module.css";
import { SubscriptionCard } from "@/components/subscriptions/SubscriptionCard";
import own from "@/components/subscriptions/subscriptions.module.css";
import { forCustomerPage } from "@/features/billing-display/portal-access";
import { listSubscriptions } from "@/features/subscriptions/list-subscriptions";
import { translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "portal.subscriptions.title") };
}

export default async function SubscriptionsPage() {
  const [{ t, locale }, subscriptions] = await Promise.all([getT(), forCustomerPage((customerIds, db) => listSubscriptions(db, { customerIds }))]);
  return (
    <div className={s.page}>
      <div className={s.head}>
        <h1>{t("portal.subscriptions.title")}</h1>
      </div>
      <p className={s.muted}>{t("portal.subscriptions.intro")}</p>
      {subscriptions.length === 0 ? (
        <Card>
          <EmptyState title={t("portal.subscriptions.emptyTitle")}>
            <p>{t("portal.subscriptions.emptyBody")}</p>
          </EmptyState>
        </Card>
      ) : (
        <div className={own.list}>
          {subscriptions.map((sub) => (
            <SubscriptionCard key={sub.id} sub={sub} t={t} locale={locale} />
          ))}
        </div>
      )}
    </div>
  );
}
