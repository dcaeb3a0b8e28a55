import type { Metadata } from "next";
import { Alert, Card } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { loadSlaPolicy } from "@/features/disputes/page-data";
import { translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { SlaPolicyForm } from "./SlaPolicyForm";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.slaPolicy.title") };
}

export default async function SlaPolicyPage() {
  const [{ t, locale }, { policy, canEdit }] = await Promise.all([getT(), loadSlaPolicy()]);
  return (
    <div className={s.stack}>
      <div>
        <h1>{t("desk.slaPolicy.title")}</h1>
        <p className={s.meta}>{t("desk.slaPolicy.intro")}</p>
      </div>
      {!canEdit && (
        <Alert tone="info">
          <p>{t("desk.slaPolicy.leadsOnly")}</p>
        </Alert>
      )}
      <Card>
        <SlaPolicyForm locale={locale} policy={policy} disabled={!canEdit} />
      </Card>
    </div>
  );
}
