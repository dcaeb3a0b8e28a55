// No server-only imports: client forms import `idle` and FormState from here (or form-state.ts).
import { isAppError, NotFoundError, RateLimitedError, UnauthenticatedError, ValidationError, ForbiddenError } from "@/lib/errors";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE } from "./magic-bytes";
import type { UploadedFile } from "./attachments";
import type { FormState } from "./form-state";

export { idle, type FormState } from "./form-state";

export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$")) out[k] = v.slice(0, 5000);
  return out;
}

export function toFormState(err: unknown, form?: FormData): FormState {
  return { ...classify(err), ...(form ? { values: formValues(form) } : {}) };
}

function classify(err: unknown): FormState {
  if (err instanceof ValidationError) return { status: "error", message: err.message.startsWith("disputes.") ? err.message : "disputes.err.form", fields: err.fields };
  if (err instanceof RateLimitedError) return { status: "error", message: "disputes.err.rateLimited", retryAfter: err.retryAfterSeconds };
  if (err instanceof UnauthenticatedError) return { status: "error", message: "disputes.err.signIn" };
  if (err instanceof NotFoundError) return { status: "error", message: "disputes.err.notFound" };
  if (err instanceof ForbiddenError) return { status: "error", message: "disputes.err.forbidden" };
  // Anything else is unexpected: actions.ts logs it before calling this.
  return { status: "error", message: "disputes.err.unexpected" };
}

/** Reads uploads from a form, refusing oversize files before their bytes are read. */
export async function filesFromForm(form: FormData, name = "files"): Promise<UploadedFile[]> {
  const files = form.getAll(name).filter((f): f is File => typeof f === "object" && f !== null && "arrayBuffer" in f && f.size > 0);
  if (files.length > MAX_ATTACHMENTS_PER_MESSAGE) throw new ValidationError("disputes.err.tooManyFiles", { files: "disputes.err.tooManyFiles" });
  if (files.some((f) => f.size > MAX_ATTACHMENT_BYTES)) throw new ValidationError("disputes.err.fileTooLarge", { files: "disputes.err.fileTooLarge" });
  return Promise.all(files.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })));
}

export const str = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" ? v : "";
};

/** True for failures a person cannot act on (bugs, outages): these are logged. */
export const isUnexpected = (err: unknown) => !isAppError(err);
