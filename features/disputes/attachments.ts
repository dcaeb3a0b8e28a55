import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE, sanitizeFileName, sniffMime } from "./magic-bytes";

export type UploadedFile = { name: string; data: Uint8Array };
export type StoredFile = { fileName: string; storedName: string; mimeType: string; sizeBytes: number; sha256: string };

export const attachmentsDir = () => path.resolve(/*turbopackIgnore: true*/ env().ATTACHMENTS_DIR);

/** Reads a form's uploads, refusing too many or oversize files before their bytes are read. */
export async function readUploads(files: File[]): Promise<UploadedFile[]> {
  if (files.length > MAX_ATTACHMENTS_PER_MESSAGE) throw new ValidationError("disputes.err.tooManyFiles", { files: "disputes.err.tooManyFiles" });
  if (files.some((f) => f.size > MAX_ATTACHMENT_BYTES)) throw new ValidationError("disputes.err.fileTooLarge", { files: "disputes.err.fileTooLarge" });
  return Promise.all(files.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })));
}

/** Checks count, size and content type before anything is written or committed. */
export function validateUploads(files: UploadedFile[]) {
  const real = files.filter((f) => f.data.byteLength > 0);
  if (real.length > MAX_ATTACHMENTS_PER_MESSAGE) throw new ValidationError("disputes.err.tooManyFiles", { files: "disputes.err.tooManyFiles" });
  return real.map((f) => {
    if (f.data.byteLength > MAX_ATTACHMENT_BYTES) throw new ValidationError("disputes.err.fileTooLarge", { files: "disputes.err.fileTooLarge" });
    const sniffed = sniffMime(f.data);
    if (!sniffed) throw new ValidationError("disputes.err.fileType", { files: "disputes.err.fileType" });
    return { ...f, mime: sniffed.mime, ext: sniffed.ext };
  });
}

/**
 * Writes files under generated names (never the uploader's), outside the web root. Call
 * before the transaction; if it fails, removeStoredFiles cleans up.
 */
export async function storeUploads(files: ReturnType<typeof validateUploads>): Promise<StoredFile[]> {
  if (files.length === 0) return [];
  const dir = attachmentsDir();
  await mkdir(dir, { recursive: true });
  const out: StoredFile[] = [];
  for (const f of files) {
    const storedName = `${randomBytes(16).toString("hex")}.${f.ext}`;
    await writeFile(path.join(/*turbopackIgnore: true*/ dir, storedName), f.data, { flag: "wx", mode: 0o600 });
    out.push({
      fileName: sanitizeFileName(f.name),
      storedName,
      mimeType: f.mime,
      sizeBytes: f.data.byteLength,
      sha256: createHash("sha256").update(f.data).digest("hex"),
    });
  }
  return out;
}

export async function removeStoredFiles(files: StoredFile[]) {
  await Promise.all(files.map((f) => rm(path.join(/*turbopackIgnore: true*/ attachmentsDir(), f.storedName), { force: true })));
}

/** Resolves a stored name to its path; refuses anything that is not one of our generated names. */
export function storedFilePath(storedName: string) {
  if (!/^[a-f0-9]{32}\.(pdf|png|jpg)$/.test(storedName)) throw new Error("invalid stored attachment name");
  return path.join(/*turbopackIgnore: true*/ attachmentsDir(), storedName);
}
