import type { Metadata } from "next";
import s from "@/components/portal/portal.module.css";
import {
  AccountCreditCard,
  BalanceDueCard,
  CorrectionsCard,
  LatestPaymentsCard,
  NextDueCard,
  OpenDisputesCard,
  OverdueCard,
} from "@/components/portal/OverviewCards";
import { loadOverviewPage } from "@/features/portal-overview/page-data";
import { translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "portal.overview.title") };
}

export default async function OverviewPage() {
  const props = await loadOverviewPage();
  return (
    <div className={s.page}>
      <div className={s.head}>
        <h1>{props.t("portal.overview.title")}</h1>
      </div>
      <div className={s.cards}>
        <BalanceDueCard {...props} />
        <NextDueCard {...props} />
        <OverdueCard {...props} />
        <AccountCreditCard {...props} />
        <LatestPaymentsCard {...props} />
        <OpenDisputesCard {...props} />
        <CorrectionsCard {...props} />
      </div>
    </div>
  );
}
