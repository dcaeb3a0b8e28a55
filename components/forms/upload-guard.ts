import { formValues } from "@/lib/form-state";
import type { FormState } from "@/lib/form-state";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE } from "@/features/disputes/magic-bytes";

type Action = (prev: FormState, form: FormData) => Promise<FormState>;

/**
 * Wraps a server action whose form carries files. A request over the server's body limit never
 * reaches the action: Next refuses it and the form would fall into the error page with an opaque
 * digest. So the per-file limits are checked here before anything is sent, and a request the
 * server refuses anyway (a lower limit in front) comes back as a plain form error that keeps
 * what was typed.
 */
export function guardUploads(action: Action, field = "files"): Action {
  return async (prev, form) => {
    const files = form.getAll(field).filter((f): f is File => typeof f === "object" && f !== null && "size" in f && f.size > 0);
    const refuse = (key: string): FormState => ({ status: "error", message: key, fields: { [field]: key }, values: formValues(form), at: Date.now() });
    if (files.length > MAX_ATTACHMENTS_PER_MESSAGE) return refuse("disputes.err.tooManyFiles");
    if (files.some((f) => f.size > MAX_ATTACHMENT_BYTES)) return refuse("disputes.err.fileTooLarge");
    try {
      return await action(prev, form);
    } catch (err) {
      // Redirects and not-found are Next's own control flow, not failures.
      if (isNextSignal(err) || files.length === 0) throw err;
      return refuse("disputes.err.bodyTooLarge");
    }
  };
}

const isNextSignal = (err: unknown) =>
  typeof err === "object" &&
  err !== null &&
  "digest" in err &&
  typeof err.digest === "string" &&
  /^NEXT_(REDIRECT|HTTP_ERROR_FALLBACK|NOT_FOUND)/.test(err.digest);
