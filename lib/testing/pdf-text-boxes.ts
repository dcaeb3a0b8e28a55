// Test support: the text runs of a PDF with their boxes (pdfjs), to check a layout for text
// printed over other text or off the page — the failure a wrapped value causes when the row
// below does not move down. Used by integration tests only.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export type TextBox = { page: number; str: string; x: number; y: number; w: number; h: number };

export async function pdfTextBoxes(pdf: Buffer): Promise<{ boxes: TextBox[]; pages: { width: number; height: number }[] }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const boxes: TextBox[] = [];
  const pages: { width: number; height: number }[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const vp = page.getViewport({ scale: 1 });
    pages.push({ width: vp.width, height: vp.height });
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!("str" in item) || !item.str.trim()) continue;
      const [, , , d, e, f] = item.transform as number[];
      const h = Math.abs(d) || item.height;
      boxes.push({ page: p, str: item.str, x: e, y: f, w: item.width, h });
    }
  }
  await doc.destroy();
  return { boxes, pages };
}

/** Pairs of text runs on one page whose boxes overlap (beyond a hairline), and runs off the page. */
export function layoutProblems(r: Awaited<ReturnType<typeof pdfTextBoxes>>): string[] {
  const out: string[] = [];
  const eps = 0.5;
  for (const b of r.boxes) {
    const pg = r.pages[b.page - 1]!;
    if (b.x < -eps || b.x + b.w > pg.width + eps || b.y < -eps || b.y + b.h > pg.height + eps) out.push(`off page: ${b.str}`);
  }
  for (let i = 0; i < r.boxes.length; i++) {
    for (let j = i + 1; j < r.boxes.length; j++) {
      const a = r.boxes[i]!;
      const b = r.boxes[j]!;
      if (a.page !== b.page) continue;
      // boxes from the baseline up to 80 % of the font size: ascenders of one line never reach the next
      const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const oy = Math.min(a.y + a.h * 0.8, b.y + b.h * 0.8) - Math.max(a.y, b.y);
      if (ox > eps && oy > eps) out.push(`"${a.str}" overlaps "${b.str}" on page ${a.page}`);
    }
  }
  return out;
}
