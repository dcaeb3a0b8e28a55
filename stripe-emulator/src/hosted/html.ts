// Plain HTML for the emulator's stand-ins of Stripe's hosted pages: no JavaScript, no external
// assets, labelled form controls, one <main> and one <h1> per page.
import { exponent } from "../money";

export interface HtmlResponse {
  status: number;
  html?: string;
  /** a 303 redirect after a form post (post/redirect/get), so a reload never pays twice */
  location?: string;
}

export function esc(v: unknown): string {
  return String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Minor units → "US$ 12.34"-like text with the currency's own exponent (JPY 0, KWD 3). */
export function formatAmount(amount: number, currency: string): string {
  const e = exponent(currency);
  const neg = amount < 0;
  const digits = String(Math.abs(amount)).padStart(e + 1, "0");
  const whole = e === 0 ? digits : digits.slice(0, -e);
  const frac = e === 0 ? "" : "." + digits.slice(-e);
  return `${neg ? "−" : ""}${currency.toUpperCase()} ${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac}`;
}

export function formatDate(unix: number | null | undefined): string {
  return unix ? new Date(unix * 1000).toISOString().slice(0, 10) : "";
}

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f8fa;color:#1a1f36}
main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d0d7de;border-radius:8px}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.125rem;margin:1.5rem 0 .5rem}
.muted{color:#57606a}.amount{font-size:2rem;font-weight:600;margin:.5rem 0}
table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:.375rem 0;border-bottom:1px solid #eaeef2;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=text]{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #8c959f;border-radius:6px}
button{font:inherit;padding:.5rem 1rem;margin-top:1rem;border-radius:6px;border:1px solid #0a2540;background:#0a2540;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0a2540;margin-top:0}
:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.alert{padding:.75rem;border-radius:6px;margin:1rem 0}.error{background:#ffebe9;border:1px solid #cf222e}.ok{background:#dafbe1;border:1px solid #1a7f37}
ul.cards{list-style:none;padding:0}ul.cards li{display:flex;gap:.75rem;align-items:center;justify-content:space-between;padding:.5rem 0;border-bottom:1px solid #eaeef2}
form.inline{display:inline}a{color:#0969da}
.test{font-size:.875rem;background:#fff8c5;border:1px solid #d4a72c;padding:.5rem .75rem;border-radius:6px}
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

export function testCardHint(): string {
  return `<p class="test">Test mode (Stripe emulator). Any expiry and CVC. Cards: <code>4242 4242 4242 4242</code> succeeds,
<code>4000 0000 0000 0002</code> is declined, <code>4000 0000 0000 9995</code> has insufficient funds.</p>`;
}

export function cardFields(): string {
  return `<label for="card_number">Card number</label>
<input type="text" id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required aria-describedby="card_hint">
<label for="exp">Expiry (MM / YY)</label>
<input type="text" id="exp" name="exp" autocomplete="cc-exp" placeholder="12 / 34">
<label for="cvc">CVC</label>
<input type="text" id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc">`;
}
