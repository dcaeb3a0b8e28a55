// The folder-level import graph of the application (app/, components/, features/, lib/), and the check that it has no
// folder-level cycle, run by `npm run lint` (so by `npm test`):
//
//   npx tsx scripts/import-graph.ts            each folder and the folders it imports, then any cycle
//   npx tsx scripts/import-graph.ts --mermaid  the same graph as a Mermaid flowchart
//   npx tsx scripts/import-graph.ts --check    prints each cycle with the imports that close it and exits 1; silent if none
//
// The other half of "imports point down" (lib never imports features/components/app, nothing imports app/) is ESLint's
// `import/no-restricted-paths` in eslint.config.js, which shows it in the editor at the offending import.
//
// Why dependency-cruiser plus this file: dependency-cruiser (widely used, actively maintained) resolves every import as
// TypeScript does (the tsconfig `@/` paths, index files, type-only imports), which matching import lines by hand would get
// wrong. It cannot check cycles between feature folders by itself: its folder-scoped `circular` rule aggregates a folder
// with its sub-folders but points each arrow at the imported file's own folder, so a cycle that enters a feature through
// one sub-folder and leaves through another (`auth → stripe-sync/events`, `stripe-sync/desk → auth`) is no cycle to it,
// and its `collapse` option merges folders after cycles are computed. So dependency-cruiser gives the resolved file graph,
// and this file collapses it to folders and finds the strongly connected components. Type-only imports count: they are
// arrows of the design as much as value imports.
import path from "node:path";

/** One resolved import between two files, by path from the repository's root. */
export type FileEdge = { from: string; to: string };

/** The folder a file counts for: features/<name> or components/<name>, or the layer itself (lib, app). */
export function folderOf(file: string): string | null {
  const parts = file.split("/");
  if (parts[0] === "features" || parts[0] === "components") return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
  if (parts[0] === "lib" || parts[0] === "app") return parts[0];
  return null;
}

/**
 * Tests and test harnesses (`*.test.ts`, anything under a `testing/` folder) may reach across features (an integration
 * test of corrections drives the sync pipeline), so cycles are judged on application code alone. ESLint's layer rule
 * still holds for them: no test imports app/ from a feature, nothing in lib/ imports a feature.
 */
export const isTestCode = (file: string) => /\.test\.tsx?$/.test(file) || file.split("/").includes("testing");

/** folder → the folders it imports → the file imports that make that arrow (for the report). */
export type FolderGraph = Map<string, Map<string, FileEdge[]>>;

/** The folder graph of the application code (test code left out, see isTestCode). */
export function folderGraph(edges: FileEdge[]): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const edge of edges) {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    if (!from || !to || isTestCode(edge.from)) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    if (!graph.has(to)) graph.set(to, new Map());
    if (from === to) continue;
    const targets = graph.get(from)!;
    targets.set(to, [...(targets.get(to) ?? []), edge]);
  }
  return graph;
}

/** The strongly connected components of more than one folder (Tarjan's algorithm): each is a folder-level cycle. */
export function cycles(graph: FolderGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

/** Each cycle, and under it every arrow inside the cycle with the imports that make it: what to move to break it. */
export function describeCycles(graph: FolderGraph): string[] {
  const lines: string[] = [];
  for (const component of cycles(graph)) {
    lines.push(`folder-level cycle: ${component.join(" ↔ ")}`);
    const members = new Set(component);
    for (const from of component) {
      for (const [to, through] of [...(graph.get(from) ?? [])].sort(([a], [b]) => a.localeCompare(b))) {
        if (members.has(to)) lines.push(`  ${from} → ${to}: ${through.map((e) => `${e.from} imports ${e.to}`).join("; ")}`);
      }
    }
  }
  return lines;
}

/** The resolved file-to-file imports among the given top-level folders of root, from dependency-cruiser. */
export async function readEdges(root: string, folders: string[]): Promise<FileEdge[]> {
  const { cruise } = await import("dependency-cruiser");
  const { default: extractTSConfig } = await import("dependency-cruiser/config-utl/extract-ts-config");
  const tsConfigFile = path.join(root, "tsconfig.json");
  const result = await cruise(
    folders,
    { baseDir: root, tsPreCompilationDeps: true, doNotFollow: { path: "node_modules" }, tsConfig: { fileName: tsConfigFile } },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  if (typeof result.output === "string") throw new Error("dependency-cruiser returned a report instead of a result");
  const inside = new RegExp(`^(${folders.join("|")})/`);
  const edges: FileEdge[] = [];
  for (const m of result.output.modules.filter((m) => inside.test(m.source))) {
    for (const d of m.dependencies) {
      // An import of our own code that does not resolve would drop its arrow unseen (and tsc reports it anyway).
      if (d.couldNotResolve && /^(\.|@\/)/.test(d.module)) throw new Error(`${m.source}: cannot resolve ${d.module}`);
      if (inside.test(d.resolved)) edges.push({ from: m.source, to: d.resolved });
    }
  }
  return edges;
}

const sorted = (graph: FolderGraph) => [...graph].sort(([a], [b]) => a.localeCompare(b)).map(([from, targets]) => [from, [...targets.keys()].sort()] as const);

async function main() {
  const root = path.resolve(import.meta.dirname, "..");
  // The tsconfig `@/` paths resolve from the working directory.
  process.chdir(root);
  const graph = folderGraph(await readEdges(root, ["app", "components", "features", "lib"]));
  const problems = describeCycles(graph);
  const args = process.argv.slice(2);
  if (args.includes("--check")) {
    if (problems.length === 0) return;
    console.error(["The folder-level import graph must have no cycle (see scripts/import-graph.ts):", ...problems].join("\n"));
    process.exitCode = 1;
  } else if (args.includes("--mermaid")) {
    const id = (folder: string) => folder.replaceAll(/[^a-z0-9]/gi, "_");
    console.log(["flowchart TD", ...sorted(graph).flatMap(([from, to]) => to.map((t) => `  ${id(from)}["${from}"] --> ${id(t)}["${t}"]`))].join("\n"));
  } else {
    for (const [from, to] of sorted(graph)) console.log(`${from} → ${to.join(", ") || "(nothing)"}`);
    for (const line of problems) console.log(line);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) await main();
