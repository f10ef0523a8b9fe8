// Sums the runners' JSON reports into CI's closing line `N passed, N failed, N skipped`.
// A missing or unreadable report, or a failed step (argv[2] === '1'), counts as a failure.
const fs = require('node:fs');
const read = (f) => {
  try {
    return JSON.parse(fs.readFileSync(f, 'utf8'));
  } catch (err) {
    console.error(`summary: cannot read ${f}: ${err.message}`);
    return null;
  }
};
let passed = 0,
  failed = 0,
  skipped = 0,
  broken = false;
const v = read('reports/vitest.json');
if (v) {
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
  if (!v.success && v.numFailedTests === 0) broken = true; // a test file failed to load
} else broken = true;
const p = read('reports/playwright.json');
if (p && p.stats) {
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected;
  skipped += p.stats.skipped;
  if (p.errors && p.errors.length && p.stats.unexpected === 0) broken = true;
} else broken = true;
if (failed === 0 && (broken || process.argv[2] === '1')) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
