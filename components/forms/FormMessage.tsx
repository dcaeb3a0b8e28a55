import { Alert } from "@/components/ui";
import { isMessageKey, type Translate } from "@/lib/i18n";

type State = { status: string; message?: string; fields?: Record<string, string> };

/** Translates a message key from a form state; a key the catalogs do not have falls back to the generic error. */
export const tr = (t: Translate, key: string | undefined) => (key === undefined ? undefined : isMessageKey(key) ? t(key) : t("disputes.err.unexpected"));

export function FormMessage({ t, state, success }: { t: Translate; state: State; success?: string }) {
  if (state.status === "error") {
    const fields = Object.values(state.fields ?? {});
    return (
      <Alert tone="danger">
        <p>{tr(t, state.message)}</p>
        {fields.length > 0 && state.message === "disputes.err.form" && (
          <ul>
            {[...new Set(fields)].map((f) => (
              <li key={f}>{tr(t, f)}</li>
            ))}
          </ul>
        )}
      </Alert>
    );
  }
  if (state.status === "ok" && success)
    return (
      <Alert tone="success">
        <p>{success}</p>
      </Alert>
    );
  return null;
}
