import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findAbsolutePaths } from "./portable-paths";

// Written with "§" for the leading "/" of each bad path, so this file passes the check it tests.
const path = (s: string) => s.replaceAll("§", "/");

describe("absolute machine paths in tracked files", () => {
  it("flags paths under personal and machine roots", () => {
    for (const text of [
      'readFileSync("§work/shared/stripe/fixtures3.json")',
      "// rules: §work/notes/money-rules.md",
      "cd §home/alice/settle && npm test",
      "see §Users/bob/src/settle/README.md",
      "§root/.cache/x",
      "C;\\Users\\carol\\settle".replace(";", ":"),
      "`§mnt/data/dump.sql`",
    ].map(path)) {
      expect(findAbsolutePaths(`first line\n${text}\n`), text).toEqual([{ line: 2, text }]);
    }
  });

  it("leaves relative paths, URLs and system paths alone", () => {
    for (const text of [
      'new URL("../../stripe-emulator/test/fixtures/x.json", import.meta.url)',
      "../shared/design/ARCHITECTURE.md",
      "https://github.com/stripe/openapi/home/x",
      'const chromium = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;',
      path("§tmp/<build dir>"),
      "2>/dev/null",
      "features/work/home.ts",
    ]) {
      expect(findAbsolutePaths(text), text).toEqual([]);
    }
  });

  it("does not flag its own source or this test (the check runs over both)", () => {
    expect(findAbsolutePaths(readFileSync(new URL(import.meta.url), "utf8"))).toEqual([]);
    expect(findAbsolutePaths(readFileSync(new URL("./portable-paths.ts", import.meta.url), "utf8"))).toEqual([]);
    expect(findAbsolutePaths(readFileSync(new URL("./check-portable-paths.ts", import.meta.url), "utf8"))).toEqual([]);
  });
});
