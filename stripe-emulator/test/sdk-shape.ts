// Checks a JSON object against the `stripe` SDK's own TypeScript declaration of that resource
// (node_modules/stripe/cjs/resources/**/*.d.ts), which Stripe generates from its OpenAPI spec at
// the SDK's pinned API version. The field list is read from the declarations at test time, so it
// cannot drift from the SDK the project installs: a field Stripe adds or removes shows up here
// as soon as the SDK is upgraded.
//
// Rules, recursively for nested objects and array elements:
// - every required (non-`?`) property must be present; `?` ones may be absent (Stripe sends them
//   only for some payment methods, expansions or requests);
// - no property the declaration does not have (an index signature like Metadata allows any);
// - null only where the declared type includes null;
// - the JSON type must match (string, number, boolean, array, object); a union of string
//   literals is an enum, so the value must be one of them unless the union also has `string`;
// - an event's `data.object` is declared empty (any resource): it is checked on its own;
// - expandable fields (`string | Customer`) accept the id or the object.
import { createRequire } from "node:module";
import path from "node:path";
import ts from "typescript";

const require = createRequire(import.meta.url);

interface Loaded {
  checker: ts.TypeChecker;
  /** `object` literal value (e.g. "invoice", "line_item") → declared interface type(s) */
  byObject: Map<string, ts.Type[]>;
}

let loaded: Loaded | null = null;

function load(): Loaded {
  if (loaded) return loaded;
  // the package exports no package.json; its main entry sits in cjs/
  const root = path.resolve(path.dirname(require.resolve("stripe")), "..");
  const entry = path.join(root, "cjs", "resources.d.ts");
  const program = ts.createProgram([entry], { noEmit: true, skipLibCheck: true, types: [], strict: true });
  const checker = program.getTypeChecker();
  const byObject = new Map<string, ts.Type[]>();
  const resources = path.join(root, "cjs", "resources") + path.sep;
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.startsWith(resources.split(path.sep).join("/")) && !sf.fileName.startsWith(resources)) continue;
    for (const st of sf.statements) {
      if (!ts.isInterfaceDeclaration(st) || !st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      const type = checker.getTypeAtLocation(st.name);
      const objectProp = type.getProperty("object");
      if (!objectProp) continue;
      const objectType = checker.getTypeOfSymbol(objectProp);
      if (!objectType.isStringLiteral()) continue;
      // Deleted objects share `object` with the live one and carry `deleted: true`.
      const key = type.getProperty("deleted") && st.name.text.startsWith("Deleted") ? `deleted_${objectType.value}` : objectType.value;
      byObject.set(key, [...(byObject.get(key) ?? []), type]);
    }
  }
  loaded = { checker, byObject };
  return loaded;
}

/** The resource names (`object` values, `deleted_…` for deleted objects) the SDK declares. */
export function declaredObjects(): string[] {
  return [...load().byObject.keys()].sort();
}

const isNullish = (t: ts.Type) => (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0;

function describe(checker: ts.TypeChecker, t: ts.Type): string {
  return checker.typeToString(t, undefined, ts.TypeFormatFlags.NoTruncation);
}

/** Errors for `value` against `type` (empty = conforms). `at` is the JSON path for messages. */
function check(l: Loaded, value: unknown, type: ts.Type, at: string, depth: number): string[] {
  const { checker } = l;
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return [];
  if (depth > 12) return [];
  if (type.isUnion()) {
    const parts = type.types.filter((t) => !isNullish(t));
    const nullable = parts.length !== type.types.length;
    if (value === null) return nullable ? [] : [`${at}: null, but the type is not nullable (${describe(checker, type)})`];
    // enums: a union of string literals (booleans are a union of true | false too)
    const literals = parts.filter((t) => t.isStringLiteral()) as ts.StringLiteralType[];
    if (literals.length === parts.length && literals.length > 0) {
      return typeof value === "string" && literals.some((t) => t.value === value)
        ? []
        : [`${at}: ${JSON.stringify(value)} is not one of ${literals.map((t) => t.value).join("|")}`];
    }
    let best: string[] | null = null;
    for (const t of parts) {
      const errs = check(l, value, t, at, depth + 1);
      if (!errs.length) return [];
      if (!best || errs.length < best.length) best = errs;
    }
    return best ?? [`${at}: no type matches`];
  }
  if (value === null) return [`${at}: null, but the type is not nullable (${describe(checker, type)})`];
  if (type.flags & ts.TypeFlags.BooleanLike) return typeof value === "boolean" ? [] : [`${at}: ${JSON.stringify(value)} is not a boolean`];
  if (type.flags & ts.TypeFlags.NumberLike) return typeof value === "number" ? [] : [`${at}: ${JSON.stringify(value)} is not a number`];
  if (type.isStringLiteral()) return value === type.value ? [] : [`${at}: ${JSON.stringify(value)} is not "${type.value}"`];
  if (type.flags & ts.TypeFlags.StringLike) return typeof value === "string" ? [] : [`${at}: ${JSON.stringify(value)} is not a string`];
  // `string & {}` style branded strings (OtherString) and the SDK's Decimal are strings on the wire
  if (type.isIntersection()) {
    if (type.types.some((t) => t.flags & ts.TypeFlags.StringLike)) return typeof value === "string" ? [] : [`${at}: ${JSON.stringify(value)} is not a string`];
  }
  const name = type.getSymbol()?.getName() ?? type.aliasSymbol?.getName();
  if (name === "Decimal") return typeof value === "string" ? [] : [`${at}: ${JSON.stringify(value)} is not a decimal string`];
  if (checker.isArrayType(type)) {
    if (!Array.isArray(value)) return [`${at}: ${JSON.stringify(value)?.slice(0, 60)} is not an array`];
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return value.flatMap((v, i) => check(l, v, element!, `${at}[${i}]`, depth + 1));
  }
  if (type.flags & ts.TypeFlags.Object) {
    if (typeof value !== "object" || Array.isArray(value)) return [`${at}: ${JSON.stringify(value)?.slice(0, 60)} is not an object`];
    const obj = value as Record<string, unknown>;
    const out: string[] = [];
    const props = checker.getPropertiesOfType(type);
    const indexed = checker.getIndexInfosOfType(type).length > 0;
    // An empty declaration (an event's `data.object`) says nothing about the object inside: the
    // test checks that object against its own resource.
    if (!props.length && !indexed) return [];
    const known = new Set(props.map((p) => p.getName()));
    for (const p of props) {
      const k = p.getName();
      const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
      if (!(k in obj) || obj[k] === undefined) {
        if (!optional) out.push(`${at}.${k}: missing`);
        continue;
      }
      out.push(...check(l, obj[k], checker.getTypeOfSymbol(p), `${at}.${k}`, depth + 1));
    }
    if (!indexed) for (const k of Object.keys(obj)) if (!known.has(k)) out.push(`${at}.${k}: not a field of ${describe(checker, type)}`);
    return out;
  }
  return [];
}

/**
 * Errors of one emitted object against the SDK's declaration of its resource (picked by its
 * `object` value, `deleted_<object>` for deletions). Several declarations can share an `object`
 * value; the object must conform to one of them.
 */
export function shapeErrors(o: Record<string, unknown>, label = String(o.id ?? o.object)): string[] {
  const l = load();
  const name = o.deleted === true ? `deleted_${String(o.object)}` : String(o.object);
  const types = l.byObject.get(name);
  if (!types) return [`${label}: the SDK declares no resource with object "${name}"`];
  let best: string[] | null = null;
  for (const t of types) {
    const errs = check(l, o, t, `${name}(${label})`, 0);
    if (!errs.length) return [];
    if (!best || errs.length < best.length) best = errs;
  }
  return best!;
}

/**
 * Whether the SDK's declaration of resource `name` (an `object` value) has a field at `path`
 * (property names; `[]` steps into an array's elements). Through nullable and expandable unions
 * (`string | Customer | null`: any member that has the field), into index signatures (Metadata:
 * any key). A path that goes on below a string or number is not declared.
 */
export function declaredAt(name: string, path: string[]): boolean {
  const l = load();
  return (l.byObject.get(name) ?? []).some((t) => navigate(l, t, path, 0, 0));
}

function navigate(l: Loaded, type: ts.Type, path: string[], i: number, depth: number): boolean {
  const { checker } = l;
  if (i === path.length) return true;
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
  if (depth > 24) return false;
  if (type.isUnion()) return type.types.some((t) => !isNullish(t) && navigate(l, t, path, i, depth + 1));
  const seg = path[i]!;
  if (checker.isArrayType(type)) {
    if (seg !== "[]") return false;
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return navigate(l, element!, path, i + 1, depth + 1);
  }
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  const prop = checker.getPropertyOfType(type, seg);
  if (prop) return navigate(l, checker.getTypeOfSymbol(prop), path, i + 1, depth + 1);
  return checker.getIndexInfosOfType(type).length > 0;
}
