import type { Metadata } from "next";
import { Card, EmptyState } from "@/components/ui";
import { getDeskSummary } from "@/features/desk/get-desk-summary";
import { guardPage } from "@/features/auth/require-user";
import { getT } from "@/lib/i18n/server";
import { translate } from "@/lib/i18n";
import s from "../../(portal)/page.module.css";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.title") };
}

export default async function DeskHomePage() {
  // Layouts and pages render in parallel, so the page checks access itself too.
  const [{ t }, summary] = await Promise.all([getT(), guardPage(getDeskSummary)]);
  const stats = [
    { label: t("desk.openDisputes"), value: summary.openDisputes },
    { label: t("desk.assignedToMe"), value: summary.assignedToMe },
    { label: t("desk.unassigned"), value: summary.unassigned },
    { label: t("desk.openFindings"), value: summary.openFindings },
  ];
  const nothing = summary.openDisputes === 0 && summary.openFindings === 0;
  return (
    <div className={s.grid}>
      <div>
        <h1>{t("desk.title")}</h1>
        <p className={s.intro}>{t("desk.intro")}</p>
      </div>
      <ul className={s.stats}>
        {stats.map((x) => (
          <li key={x.label} className={s.stat}>
            <span className={s.statValue}>{x.value}</span>
            <span className={s.statLabel}>{x.label}</span>
          </li>
        ))}
      </ul>
      {nothing && (
        <Card>
          <EmptyState title={t("desk.emptyTitle")}>
            <p>{t("desk.emptyBody")}</p>
          </EmptyState>
        </Card>
      )}
    </div>
  );
}
