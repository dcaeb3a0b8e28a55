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

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;

/** For display only: no path parts, no control characters, bounded length. */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "_").trim().slice(-120);
  return clean || "file";
}
