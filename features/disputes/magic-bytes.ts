// Uploaded files are typed by their first bytes; the name and the browser's claimed type are
// never trusted (a .pdf can be HTML, a .png can be a script).
export type AllowedMime = "application/pdf" | "image/png" | "image/jpeg";

const signatures: { mime: AllowedMime; bytes: number[]; ext: string }[] = [
  { mime: "application/pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], ext: "pdf" }, // %PDF-
  { mime: "image/png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], ext: "png" },
  { mime: "image/jpeg", bytes: [0xff, 0xd8, 0xff], ext: "jpg" },
];

export function sniffMime(data: Uint8Array): { mime: AllowedMime; ext: string } | null {
  for (const s of signatures) {
    if (data.length >= s.bytes.length && s.bytes.every((b, i) => data[i] === b)) return { mime: s.mime, ext: s.ext };
  }
  return null;
}

const extensionOf = new Map(signatures.map((s) => [s.mime as string, s.ext]));

/**
 * The name a file is served under: the uploader's name with the extension of the type its bytes
 * were sniffed as, so a PDF uploaded as "evidence.html" downloads as "evidence.pdf" and no
 * program opens it as something it is not.
 */
export function downloadFileName(name: string, mime: string): string {
  const ext = extensionOf.get(mime);
  const clean = sanitizeFileName(name);
  if (!ext) return clean;
  const dot = clean.lastIndexOf(".");
  const stem = dot > 0 ? clean.slice(0, dot) : clean;
  const current = dot > 0 ? clean.slice(dot + 1).toLowerCase() : "";
  if (current === ext || (ext === "jpg" && current === "jpeg")) return clean;
  return `${stem.slice(0, 115)}.${ext}`;
}

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;

/** For display only: no path parts, no control characters, bounded length. */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "_")
    .trim()
    .slice(-120);
  return clean || "file";
}
