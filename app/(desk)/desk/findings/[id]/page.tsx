import { pageId } from "@/lib/route-params";
import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { notFound } from "next/navigation";
import { Badge, Card } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { assertStaff } from "@/features/auth/actor";
import { getSessionUser } from "@/features/auth/get-session-user";
import { loadFinding } from "@/features/billing-audit/page-data";
import { NotFoundError } from "@/lib/errors";
import { formatDate, translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { formatMoney } from "@/lib/money";
import f8 from "./finding.module.css";
import { FindingForms } from "./FindingForms";
import {
  auditActionLabel,
  actorLabel,
  describeFinding,
  findingRuleLabel,
  findingSeverityLabel,
  findingStatusLabel,
} from "@/features/billing-audit/describe-finding";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "audit.findings.title") };
}

// The raw evidence stays available for engineers, folded under the description in words.
const pretty = (v: unknown) => JSON.stringify(v, null, 2);

export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  const id = pageId((await params).id);
  const { t, locale } = await getT();
  const data = await loadFinding(assertStaff(await getSessionUser(), "AGENT"), id).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const f = data.finding;
  const d = describeFinding(
    { ...f, invoiceNumber: f.invoice?.number ?? f.invoice?.stripeId ?? null },
    { t, locale, lineNumber: (id) => data.lineNumbers[id] ?? null },
  );
  return (
    <div className={s.stack}>
      <div>
        <p>
          <Link href="/desk/findings">{t("audit.findings.title")}</Link>
        </p>
        <h1>{d.title}</h1>
        <p className={s.meta}>
          {findingRuleLabel(t, f.rule)} · <Badge>{findingSeverityLabel(t, f.severity)}</Badge> · {findingStatusLabel(t, f.status)} ·{" "}
          {f.currency ? formatMoney(f.amountAtStakeMinor, f.currency, locale) : "—"} · {formatDate(locale, f.detectedAt)}
          {f.invoice && (
            <>
              {" "}
              · {t("audit.findings.invoice")} {f.invoice.number ?? f.invoice.stripeId}
            </>
          )}
          {f.dispute && (
            <>
              {" "}
              ·{" "}
              <Link href={`/desk/disputes/${f.dispute.id}`}>
                {t("audit.finding.dispute")} D-{String(f.dispute.number).padStart(6, "0")}
              </Link>
            </>
          )}
          {f.correctionId && (
            <>
              {" "}
              · <Link href={`/desk/corrections/${f.correctionId}`}>{t("audit.finding.correction")}</Link>
            </>
          )}
        </p>
      </div>
      <Card title={t("audit.finding.evidence")}>
        {d.facts.length > 0 && (
          <dl className={f8.facts}>
            {d.facts.map((x, i) => (
              <div key={i}>
                <dt>{x.label}</dt>
                <dd>{x.value}</dd>
              </div>
            ))}
          </dl>
        )}
        <details>
          <summary>{t("audit.finding.raw")}</summary>
          <pre className={f8.json}>{pretty(f.evidence)}</pre>
        </details>
      </Card>
      <Card title={t("audit.finding.suggestion")}>
        <p>{d.suggestion ?? t("audit.suggest.none")}</p>
      </Card>
      <Card title={t("audit.finding.history")}>
        <ul>
          {data.history.map((h) => (
            <li key={String(h.id)}>
              {formatDate(locale, h.at, { dateStyle: "medium", timeStyle: "short" })} · {auditActionLabel(t, h.action)} ·{" "}
              {h.actor?.name ?? h.actor?.email ?? actorLabel(t, h.actorLabel)}
              {h.reason ? ` · ${h.reason}` : ""}
            </li>
          ))}
        </ul>
        {f.dismissReason && <p>{f.dismissReason}</p>}
      </Card>
      <FindingForms
        locale={locale}
        findingId={f.id}
        status={f.status}
        hasDispute={!!f.dispute}
        labels={{
          confirm: t("audit.finding.confirm"),
          corrected: t("audit.finding.corrected"),
          dismiss: t("audit.finding.dismiss"),
          reason: t("audit.finding.reason"),
          openDispute: t("audit.finding.openDispute"),
          notify: t("audit.finding.notify"),
          saved: t("audit.finding.saved"),
        }}
      />
    </div>
  );
}
