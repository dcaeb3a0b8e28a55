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
/** A table cell: plain text, or text with a smaller grey line under it; `muted` draws a detail row's cell small, grey and indented. */
export type Cell = string | { text: string; sub?: string; muted?: boolean };
const cellOf = (c: Cell | undefined) => (typeof c === "string" ? { text: c } : (c ?? { text: "" })) as { text: string; sub?: string; muted?: boolean };

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

  /**
   * Brand, title and status on the left; the facts (label, value) on the right. Every height is
   * measured, not assumed: a title or a value that wraps (a Russian date range, a long reason)
   * pushes what follows down instead of printing over it.
   */
  header(o: { brand: string; title: string; number: string; status: string; facts: [string, string][] }) {
    const d = this.doc;
    const factsWidth = 290;
    const labelWidth = 110;
    const left = this.width - factsWidth - 16;
    d.font("bold").fontSize(18).fillColor("#1f3a8a").text(o.brand, MARGIN, MARGIN, { width: left });
    d.font("bold")
      .fontSize(14)
      .fillColor("black")
      .text(`${o.title} ${o.number}`, MARGIN, d.y + 4, { width: left });
    d.font("regular")
      .fontSize(9)
      .fillColor(GREY)
      .text(o.status, MARGIN, d.y + 4, { width: left });
    const leftBottom = d.y;
    const fx = MARGIN + this.width - factsWidth;
    let y = MARGIN;
    for (const [label, value] of o.facts) {
      d.font("regular").fontSize(9);
      const h = Math.max(d.heightOfString(label, { width: labelWidth }), d.heightOfString(value, { width: factsWidth - labelWidth }));
      d.fillColor(GREY).text(label, fx, y, { width: labelWidth });
      d.fillColor("black").text(value, fx + labelWidth, y, { width: factsWidth - labelWidth, align: "right" });
      y += h + 4;
    }
    d.y = Math.max(y, leftBottom) + 12;
    d.x = MARGIN;
  }

  /** Side-by-side blocks (seller and customer); each title over its lines, as tall as the taller one. */
  parties(blocks: { title: string; lines: string[] }[]) {
    const d = this.doc;
    const gap = 20;
    const w = (this.width - gap * (blocks.length - 1)) / blocks.length;
    const measure = (b: { title: string; lines: string[] }) =>
      d.font("bold").fontSize(10).heightOfString(b.title, { width: w }) +
      b.lines.reduce((h, l) => h + d.font("regular").fontSize(9).heightOfString(l, { width: w }), 0);
    const height = Math.max(...blocks.map(measure));
    this.ensure(height + 10);
    const top = d.y;
    blocks.forEach((b, i) => {
      const x = MARGIN + i * (w + gap);
      d.font("bold").fontSize(10).fillColor("black").text(b.title, x, top, { width: w });
      d.font("regular").fontSize(9);
      for (const l of b.lines) d.text(l, x, d.y, { width: w });
    });
    d.y = top + height;
    d.x = MARGIN;
    d.moveDown(0.8);
  }

  block(title: string, lines: string[]) {
    const d = this.doc;
    this.ensure(16 + lines.length * 12);
    d.font("bold").fontSize(10).fillColor("black").text(title, MARGIN, d.y);
    d.font("regular").fontSize(9);
    for (const l of lines) d.text(l, MARGIN, d.y, { width: this.width });
    d.moveDown(0.8);
  }

  private headerRow(cols: Column[], widths: number[]) {
    const d = this.doc;
    let x = MARGIN;
    const y = d.y;
    d.font("bold").fontSize(8.5).fillColor(GREY);
    const h = Math.max(...cols.map((c, i) => d.heightOfString(c.header, { width: widths[i] - 4 })));
    cols.forEach((c, i) => {
      d.text(c.header, x + 2, y, { width: widths[i] - 4, align: c.align ?? "left" });
      x += widths[i];
    });
    d.y = y + h + 4;
    d.moveTo(MARGIN, d.y)
      .lineTo(MARGIN + this.width, d.y)
      .strokeColor(LINE)
      .stroke();
    d.y += 4;
    d.font("regular").fontSize(9).fillColor("black");
  }

  /**
   * Right-aligned (numeric) columns get the width of their widest value, so an amount or a
   * 7-digit quantity never wraps; the first column takes what is left. When even that leaves the
   * description too narrow, the table's type shrinks (down to 7 pt) before anything wraps.
   */
  private fitColumns(cols: Column[], rows: Cell[][]): { widths: number[]; size: number } {
    const d = this.doc;
    const minFirst = 120;
    for (let size = 9; size >= 7; size -= 0.5) {
      const widths = cols.map((c, i) => {
        if (i === 0 || c.align !== "right") return c.width;
        d.font("bold").fontSize(size - 0.5);
        const head = Math.max(...c.header.split(/\s+/).map((w) => d.widthOfString(w)));
        d.font("regular").fontSize(size);
        const cells = rows.map((r) =>
          cellOf(r[i])
            .text.split("\n")
            .reduce((m, line) => Math.max(m, d.widthOfString(line)), 0),
        );
        return Math.ceil(Math.max(head, ...cells)) + 8;
      });
      const rest = this.width - widths.slice(1).reduce((a, b) => a + b, 0);
      if (rest >= minFirst) return { widths: [rest, ...widths.slice(1)], size };
    }
    // Values beyond any sensible width: share the page and let the widest values wrap.
    const share = (this.width - minFirst) / (cols.length - 1);
    return { widths: [minFirst, ...cols.slice(1).map(() => share)], size: 7 };
  }

  table(cols: Column[], rows: Cell[][]) {
    const d = this.doc;
    const { widths, size } = this.fitColumns(cols, rows);
    const subSize = size - 1.5;
    this.ensure(40);
    this.headerRow(cols, widths);
    for (const row of rows) {
      // A detail row's muted cell runs on over the empty cells after it (a discount's label needs the room).
      const span = (i: number) => {
        let w = widths[i];
        if (cellOf(row[i]).muted) for (let k = i + 1; k < row.length && cellOf(row[k]).text === ""; k++) w += widths[k];
        return w;
      };
      const heights = row.map((cell, i) => {
        const c = cellOf(cell);
        const indent = c.muted ? 10 : 0;
        const h = d
          .font("regular")
          .fontSize(c.muted ? subSize : size)
          .heightOfString(c.text || " ", { width: span(i) - 4 - indent });
        return (
          h +
          (c.sub
            ? d
                .font("regular")
                .fontSize(subSize)
                .heightOfString(c.sub, { width: widths[i] - 4 }) + 1
            : 0)
        );
      });
      const h = Math.max(...heights) + 6;
      if (this.ensure(h)) this.headerRow(cols, widths);
      const y = d.y;
      let x = MARGIN;
      row.forEach((cell, i) => {
        const c = cellOf(cell);
        const indent = c.muted ? 10 : 0;
        const opts = { width: span(i) - 4 - indent, align: c.muted ? "left" : (cols[i].align ?? "left") } as const;
        d.font("regular")
          .fontSize(c.muted ? subSize : size)
          .fillColor(c.muted ? GREY : "black")
          .text(c.text, x + 2 + indent, y, opts);
        if (c.sub)
          d.fontSize(subSize)
            .fillColor(GREY)
            .text(c.sub, x + 2, d.y + 1, { ...opts, width: widths[i] - 4 });
        x += widths[i];
      });
      d.y = y + h;
      d.moveTo(MARGIN, d.y - 3)
        .lineTo(MARGIN + this.width, d.y - 3)
        .strokeColor("#eeeeee")
        .stroke();
    }
    d.font("regular").fontSize(9).fillColor("black");
    d.moveDown(0.6);
  }

  totals(rows: { label: string; value: string; strong?: boolean }[]) {
    const d = this.doc;
    this.ensure(rows.length * 15 + 10);
    const x = MARGIN + this.width - 280;
    for (const r of rows) {
      d.font(r.strong ? "bold" : "regular")
        .fontSize(r.strong ? 10 : 9)
        .fillColor("black");
      // a long label (a coupon's name) wraps within its column and pushes the next row down
      const h = Math.max(d.heightOfString(r.label, { width: 175 }), d.heightOfString(r.value, { width: 105 }));
      this.ensure(h + 4);
      const y = d.y;
      d.text(r.label, x, y, { width: 175 });
      d.text(r.value, x + 175, y, { width: 105, align: "right" });
      d.y = y + h + (r.strong ? 4 : 3);
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
      d.font("regular")
        .fontSize(8)
        .fillColor(GREY)
        .text(pageLabel(i + 1, range.count), MARGIN, d.page.height - MARGIN + 14, { width: this.width, align: "right" });
      d.page.margins.bottom = bottom;
    }
    d.end();
    return this.done;
  }
}
