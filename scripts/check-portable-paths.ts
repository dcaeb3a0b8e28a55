// Fails (exit 1) when a tracked file names an absolute machine path; see portable-paths.ts.
// Usage: npx tsx scripts/check-portable-paths.ts
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { findAbsolutePaths } from "./portable-paths";

// Tracked files plus new ones not ignored, so the check also catches what is about to be committed.
const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  .split("\0")
  .filter(Boolean);
let bad = 0;
for (const file of files) {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch {
    continue; // deleted in the working tree but not yet in the index
  }
  if (content.includes("\0")) continue; // binary
  for (const f of findAbsolutePaths(content)) {
    console.error(`${file}:${f.line}: absolute machine path: ${f.text}`);
    bad++;
  }
}
if (bad > 0) {
  console.error(`\n${bad} absolute path(s) in tracked files. Use a path relative to the repository (or import.meta.url), and keep fixtures inside it.`);
  process.exit(1);
}
console.log(`No absolute machine paths in ${files.length} tracked files.`);
