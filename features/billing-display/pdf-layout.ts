import "server-only";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";

// Shared pdfkit layout for invoice and credit-note PDFs: a header, a party block, an itemized
// table that repeats its header row after each page break, a totals block and page numbers.
// DejaVu Sans is embedded because pdfkit's built-in fonts have no Cyrillic.

const FONT_DIRS = [path.join(process.cwd(), "assets/fonts"), "/usr/share/fonts/truetype/dejavu"];
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  if (fonts) return fonts;
  const dir = FONT_DIRS.find((d) => existsSync(path.join(d, "DejaVuSans.ttf")));
  if (!dir) throw new Error("DejaVu Sans font not found (assets/fonts)");
  fonts = { regular: readFileSync(path.join(dir, "DejaVuSans.ttf")), bold: readFileSync(path.join(dir, "DejaVuSans-Bold.ttf")) };
  return fonts;
}

export type Column = { header: string; width: number; align?: "left" | "right" };
export type Cell = string | { text: string; sub?: string };

const MARGIN = 48;
const GREY = "#555555";
const LINE = "#cccccc";

export class PdfLayout {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(meta: { title: string }) {
    const f = loadFonts();
    this.doc = new PDFDocument({ size: "A4", margin: MARGIN, bufferPages: true, info: { Title: meta.title, Producer: "Settle" } });
    this.doc.registerFont("regular", f.regular);
    this.doc.registerFont("bold", f.bold);
    this.doc.font("regular").fontSize(9);
    this.doc.on("data", (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on("end", () => resolve(Buffer.concat(this.chunks)));
      this.doc.on("error", reject);
    });
  }

  get width() {
    return this.doc.page.width - MARGIN * 2;
  }

  private ensure(height: number): boolean {
    if (this.doc.y + height <= this.doc.page.height - MARGIN - 20) return false;
    this.doc.addPage();
    return true;
  }

  header(o: { brand: string; title: string; number: string; status: string; facts: [string, string][] }) {
    const d = this.doc;
    d.font("bold").fontSize(18).fillColor("#1f3a8a").text(o.brand, MARGIN, MARGIN);
    d.font("bold").fontSize(14).fillColor("black").text(`${o.title} ${o.number}`, MARGIN, MARGIN + 26);
    d.font("regular").fontSize(9).fillColor(GREY).text(o.status, MARGIN, MARGIN + 46);
    let y = MARGIN;
    for (const [label, value] of o.facts) {
      d.font("regular").fontSize(9).fillColor(GREY).text(label, MARGIN + this.width - 260, y, { width: 120 });
      d.fillColor("black").text(value, MARGIN + this.width - 140, y, { width: 140, align: "right" });
      y += 14;
    }
    d.y = Math.max(y, MARGIN + 62) + 10;
    d.x = MARGIN;
  }

  block(title: string, lines: string[]) {
    const d = this.doc;
    this.ensure(16 + lines.length * 12);
    d.font("bold").fontSize(10).fillColor("black").text(title, MARGIN, d.y);
    d.font("regular").fontSize(9);
    for (const l of lines) d.text(l, MARGIN, d.y, { width: this.width });
    d.moveDown(0.8);
  }

  private headerRow(cols: Column[]) {
    const d = this.doc;
    let x = MARGIN;
    const y = d.y;
    d.font("bold").fontSize(8.5).fillColor(GREY);
    for (const c of cols) {
      d.text(c.header, x + 2, y, { width: c.width - 4, align: c.align ?? "left" });
      x += c.width;
    }
    d.y = y + 14;
    d.moveTo(MARGIN, d.y).lineTo(MARGIN + this.width, d.y).strokeColor(LINE).stroke();
    d.y += 4;
    d.font("regular").fontSize(9).fillColor("black");
  }

  table(cols: Column[], rows: Cell[][]) {
    const d = this.doc;
    this.ensure(40);
    this.headerRow(cols);
    for (const row of rows) {
      d.font("regular").fontSize(9);
      const heights = row.map((cell, i) => {
        const c = typeof cell === "string" ? { text: cell } : cell;
        const h = d.heightOfString(c.text || " ", { width: cols[i].width - 4 });
        return h + (c.sub ? d.fontSize(7.5).heightOfString(c.sub, { width: cols[i].width - 4 }) + 1 : 0);
      });
      d.fontSize(9);
      const h = Math.max(...heights) + 6;
      if (this.ensure(h)) this.headerRow(cols);
      const y = d.y;
      let x = MARGIN;
      row.forEach((cell, i) => {
        const c = typeof cell === "string" ? { text: cell } : cell;
        const opts = { width: cols[i].width - 4, align: cols[i].align ?? "left" } as const;
        d.font("regular").fontSize(9).fillColor("black").text(c.text, x + 2, y, opts);
        if (c.sub) d.fontSize(7.5).fillColor(GREY).text(c.sub, x + 2, d.y + 1, opts);
        x += cols[i].width;
      });
      d.y = y + h;
      d.moveTo(MARGIN, d.y - 3).lineTo(MARGIN + this.width, d.y - 3).strokeColor("#eeeeee").stroke();
    }
    d.fillColor("black");
    d.moveDown(0.6);
  }

  totals(rows: { label: string; value: string; strong?: boolean }[]) {
    const d = this.doc;
    this.ensure(rows.length * 15 + 10);
    const x = MARGIN + this.width - 280;
    for (const r of rows) {
      const y = d.y;
      d.font(r.strong ? "bold" : "regular").fontSize(r.strong ? 10 : 9).fillColor("black");
      d.text(r.label, x, y, { width: 170 });
      d.text(r.value, x + 170, y, { width: 110, align: "right" });
      d.y = y + (r.strong ? 16 : 14);
    }
    d.x = MARGIN;
    d.moveDown(0.8);
  }

  heading(text: string) {
    this.ensure(40);
    this.doc.font("bold").fontSize(11).fillColor("black").text(text, MARGIN, this.doc.y);
    this.doc.moveDown(0.3);
  }

  paragraph(text: string) {
    this.ensure(14);
    this.doc.font("regular").fontSize(9).fillColor(GREY).text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.fillColor("black").moveDown(0.5);
  }

  async finish(pageLabel: (page: number, of: number) => string): Promise<Buffer> {
    const d = this.doc;
    const range = d.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      d.switchToPage(i);
      // writing inside the bottom margin must not trigger pdfkit's automatic page break
      const bottom = d.page.margins.bottom;
      d.page.margins.bottom = 0;
      d.font("regular").fontSize(8).fillColor(GREY).text(pageLabel(i + 1, range.count), MARGIN, d.page.height - MARGIN + 14, { width: this.width, align: "right" });
      d.page.margins.bottom = bottom;
    }
    d.end();
    return this.done;
  }
}
