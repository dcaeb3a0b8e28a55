// The repository must work wherever it is cloned (ARCHITECTURE.md, convention 13): no tracked
// file may name a path on one machine. This finds such paths; scripts/check-portable-paths.ts
// runs it over every tracked file before the typecheck.
//
// Flagged: paths under the roots where a person's or a machine's files live (/work, /home,
// /Users, /root, /mnt, /media, macOS /private/var and /var/folders, Windows C:\Users). System
// paths that are the same everywhere (/usr/bin/chromium, /tmp, /dev/null) are fine. A match must
// start a path: "https://host/home/…" is a URL, not a file.
const ROOTS = ["work", "home", "Users", "root", "mnt", "media", "private/var", "var/folders"];
const UNIX = new RegExp(`(?<![\\w.~:/\\\\$-])/(?:${ROOTS.map((r) => r.replace("/", "\\/")).join("|")})/[\\w.-]`, "g");
const WINDOWS = /(?<![\w])[A-Za-z]:\\(?:Users|home)\\/gi;

export type Finding = { line: number; text: string };

export function findAbsolutePaths(content: string): Finding[] {
  const out: Finding[] = [];
  const lines = content.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    UNIX.lastIndex = 0;
    WINDOWS.lastIndex = 0;
    if (UNIX.test(line) || WINDOWS.test(line)) out.push({ line: i + 1, text: line.trim().slice(0, 160) });
  }
  return out;
}
