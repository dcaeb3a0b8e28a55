import s from "./shell.module.css";

/** What a route shows while its page is rendered on the server: announced politely, no layout jump. */
export function RouteLoading({ label }: { label: string }) {
  return (
    <div className={s.routeState} role="status" aria-live="polite">
      <span className={s.spinner} aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
