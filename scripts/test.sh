#!/usr/bin/env bash
# `npm test`: every gate of a change. Each step runs even when an earlier one failed; the last line
# is `N passed, N failed, N skipped`, summed from the runners' JSON reports (see .ci/summary.cjs).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
rm -f reports/vitest.json reports/playwright.json reports/summary.txt
fail=0
step() { echo "── $1"; shift; "$@" || { echo "✗ step failed: $*"; fail=1; }; }

step typecheck npm run -s typecheck
step lint npm run -s lint
step build npm run -s build
step vitest npx vitest run --reporter=default --reporter=json --outputFile=reports/vitest.json
step playwright npx playwright test
node .ci/summary.cjs "$fail" | tee reports/summary.txt
exit "${PIPESTATUS[0]}"
