import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cycles, describeCycles, folderGraph, folderOf, readEdges } from "./import-graph";

const edge = (from: string, to: string) => ({ from, to });

describe("folder-level import graph", () => {
  it("counts a file for its feature or component group, or for its layer", () => {
    expect(folderOf("features/stripe-sync/processor/claim.ts")).toBe("features/stripe-sync");
    expect(folderOf("features/bad-input.int.test.ts")).toBe("features");
    expect(folderOf("components/ui/Table.tsx")).toBe("components/ui");
    expect(folderOf("lib/i18n/index.ts")).toBe("lib");
    expect(folderOf("app/(desk)/desk/page.tsx")).toBe("app");
    expect(folderOf("scripts/worker.ts")).toBeNull();
  });

  it("finds a cycle that enters a feature through one sub-folder and leaves it through another", () => {
    const graph = folderGraph([
      edge("features/auth/actor.ts", "features/stripe-sync/events/event-types.ts"),
      edge("features/stripe-sync/desk/retry.ts", "features/auth/actor.ts"),
      edge("features/stripe-sync/desk/retry.ts", "lib/db.ts"),
    ]);
    expect(cycles(graph)).toEqual([["features/auth", "features/stripe-sync"]]);
    expect(describeCycles(graph)).toEqual([
      "folder-level cycle: features/auth ↔ features/stripe-sync",
      "  features/auth → features/stripe-sync: features/auth/actor.ts imports features/stripe-sync/events/event-types.ts",
      "  features/stripe-sync → features/auth: features/stripe-sync/desk/retry.ts imports features/auth/actor.ts",
    ]);
  });

  it("finds a cycle through several folders, once", () => {
    const graph = folderGraph([
      edge("features/a/x.ts", "features/b/x.ts"),
      edge("features/b/x.ts", "features/c/x.ts"),
      edge("features/c/x.ts", "features/a/y.ts"),
      edge("features/c/x.ts", "features/d/x.ts"),
      edge("features/d/x.ts", "lib/db.ts"),
    ]);
    expect(cycles(graph)).toEqual([["features/a", "features/b", "features/c"]]);
  });

  it("has no cycle when the arrows point one way; imports inside a folder are no arrow", () => {
    const graph = folderGraph([
      edge("features/invoices/detail.ts", "features/credit-notes/cause.ts"),
      edge("features/credit-notes/cause.ts", "features/billing-display/total-row.ts"),
      edge("features/invoices/detail.ts", "features/billing-display/total-row.ts"),
      edge("features/invoices/detail.ts", "features/invoices/rows.ts"),
      edge("features/invoices/rows.ts", "features/invoices/detail.ts"),
    ]);
    expect(cycles(graph)).toEqual([]);
    expect(describeCycles(graph)).toEqual([]);
  });

  it("leaves tests and test harnesses out of the cycle check", () => {
    const graph = folderGraph([
      edge("features/auth/actor.ts", "features/audit-log/write-audit.ts"),
      edge("features/audit-log/audit-log.int.test.ts", "features/auth/actor.ts"),
      edge("features/audit-log/testing/fixtures.ts", "features/auth/actor.ts"),
    ]);
    expect(cycles(graph)).toEqual([]);
    expect(
      cycles(folderGraph([edge("features/auth/actor.ts", "features/audit-log/write-audit.ts"), edge("features/audit-log/read.ts", "features/auth/actor.ts")])),
    ).toEqual([["features/audit-log", "features/auth"]]);
  });
});

describe("the graph read by dependency-cruiser", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "settle-import-graph-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };

  it("resolves @/ paths, relative paths and type-only imports, so a cycle made of them fails the check", async () => {
    write("tsconfig.json", JSON.stringify({ compilerOptions: { moduleResolution: "bundler", module: "esnext", baseUrl: ".", paths: { "@/*": ["./*"] } } }));
    write("lib/db.ts", "export type Db = { name: string };\n");
    write("features/auth/actor.ts", 'import type { Db } from "@/lib/db";\nexport type Actor = { id: string; db?: Db };\n');
    write("features/auth/customer-links.ts", 'import { writeAudit } from "@/features/audit-log/write-audit";\nexport const link = () => writeAudit("link");\n');
    write("features/audit-log/write-audit.ts", "export const writeAudit = (action: string) => action;\n");
    write("features/audit-log/reader/list.ts", 'import type { Actor } from "../../auth/actor";\nexport const list = (actor: Actor) => actor.id;\n');
    expect(describeCycles(folderGraph(await readEdges(root, ["features", "lib"])))).toEqual([
      "folder-level cycle: features/audit-log ↔ features/auth",
      "  features/audit-log → features/auth: features/audit-log/reader/list.ts imports features/auth/actor.ts",
      "  features/auth → features/audit-log: features/auth/customer-links.ts imports features/audit-log/write-audit.ts",
    ]);

    // The reader moved above auth: the arrows point one way again.
    rmSync(path.join(root, "features/audit-log/reader"), { recursive: true });
    write("features/desk/list.ts", 'import type { Actor } from "@/features/auth/actor";\nexport const list = (actor: Actor) => actor.id;\n');
    const graph = folderGraph(await readEdges(root, ["features", "lib"]));
    expect(cycles(graph)).toEqual([]);
    expect([...(graph.get("features/desk")?.keys() ?? [])]).toEqual(["features/auth"]);
    expect([...(graph.get("features/auth")?.keys() ?? [])].sort()).toEqual(["features/audit-log", "lib"]);
  });

  it("refuses an import of our own code it cannot resolve, rather than drop its arrow", async () => {
    write("features/desk/broken.ts", 'import { gone } from "@/features/auth/gone";\nexport const x = gone;\n');
    await expect(readEdges(root, ["features", "lib"])).rejects.toThrow("features/desk/broken.ts: cannot resolve @/features/auth/gone");
  });
});
