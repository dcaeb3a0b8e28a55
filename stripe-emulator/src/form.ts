// Decodes application/x-www-form-urlencoded bodies and query strings the way Stripe does:
// `a[b][0][c]=x`, `expand[]=x`, `expand[0]=x`, `metadata[k]=v` → nested objects / arrays.

type Node = Record<string, unknown>;

export function decodeForm(input: string): Record<string, unknown> {
  const root: Node = {};
  if (!input) return root;
  for (const pair of input.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawVal = eq < 0 ? "" : pair.slice(eq + 1);
    const key = decodeURIComponent(rawKey.replace(/\+/g, " "));
    const val = decodeURIComponent(rawVal.replace(/\+/g, " "));
    const parts = splitKey(key);
    let cur: Node = root;
    for (let i = 0; i < parts.length; i++) {
      let part = parts[i];
      const last = i === parts.length - 1;
      if (part === "") part = String(countKeys(cur)); // `x[]` appends
      if (last) {
        cur[part] = val;
      } else {
        const next = cur[part];
        if (typeof next !== "object" || next === null) cur[part] = {};
        cur = cur[part] as Node;
      }
    }
  }
  return arrayify(root) as Record<string, unknown>;
}

function splitKey(key: string): string[] {
  const first = key.indexOf("[");
  if (first < 0) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  re.lastIndex = first;
  while ((m = re.exec(key))) parts.push(m[1]);
  return parts;
}

const countKeys = (o: Node): number => Object.keys(o).length;

/** Objects whose keys are exactly 0..n-1 become arrays (Stripe's indexed array encoding). */
function arrayify(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  const o = v as Node;
  const keys = Object.keys(o);
  for (const k of keys) o[k] = arrayify(o[k]);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    const idx = keys.map(Number).sort((a, b) => a - b);
    if (idx.every((n, i) => n === i)) return idx.map((n) => o[String(n)]);
  }
  return o;
}
