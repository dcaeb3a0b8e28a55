import { getT } from "@/features/auth/request-locale";
import s from "./shell.module.css";

const WIDTHS = ["100%", "92%", "96%", "88%", "94%", "70%"];

/**
 * A route's loading state (every loading.tsx): the shell stays, and in its place a status line
 * that screen readers announce ("Loading the page…") over a rough outline of the page to come.
 * The outline is decoration only (hidden from assistive technology).
 */
export async function RouteLoading() {
  const { t } = await getT();
  return (
    <div className={s.routeLoading} role="status" aria-live="polite" aria-busy="true" data-testid="route-loading" data-route-loading>
      <p className={s.loadingText}>
        <span className={s.loadingSpinner} aria-hidden="true" />
        {t("loading.page")}
      </p>
      <div className={s.skeleton} aria-hidden="true">
        <div className={`${s.skeletonBar} ${s.skeletonTitle}`} />
        {WIDTHS.map((width, i) => (
          <div key={i} className={s.skeletonBar} style={{ width }} />
        ))}
      </div>
    </div>
  );
}

export default RouteLoading;
