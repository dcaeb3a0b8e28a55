#!/usr/bin/env bash
# npm test: every check, in order of cost. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

step() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }

step "portable paths (no absolute machine path in the repository)"
npx tsx scripts/check-portable-paths.ts

step "format (Prettier; npm run format fixes it)"
npm run -s format:check

step "typecheck"
npx tsc --noEmit -p .

step "lint (ESLint, then the folder-level import graph: scripts/import-graph.ts)"
npm run -s lint

step "unit tests"
npx vitest run --project unit

step "integration tests (Postgres on 127.0.0.1)"
npx vitest run --project integration

step "production build"
npx next build

step "end-to-end tests (Playwright, Chromium)"
npx playwright test

echo
echo "All checks passed."
