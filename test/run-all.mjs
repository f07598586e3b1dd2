// The whole test suite, as the README's `npm test` runs it: type-check, lint, unit tests, the
// production build and the browser tests. Each check counts as one test; the last line is the
// `N passed, N failed` summary CI reads.
import process from 'node:process';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function run(name, command, args) {
  process.stdout.write(`\n── ${name}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return result.status === 0;
}

function step(name, command, args) {
  if (run(name, command, args)) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

function suite(name, command, args, reportFile, count) {
  rmSync(reportFile, { force: true });
  const ok = run(name, command, args);
  if (!existsSync(reportFile)) {
    failed++;
    failures.push(`${name} (no report)`);
    return;
  }
  const counts = count(JSON.parse(readFileSync(reportFile, 'utf8')));
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  if (!ok || counts.failed > 0) failures.push(name);
  if (!ok && counts.failed === 0) failed++;
}

mkdirSync('test-results', { recursive: true });
step('type-check', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings']);
step('lint', 'npx', ['eslint', '.']);
step('format', 'npx', ['prettier', '--check', '.']);
suite(
  'unit tests',
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json'],
  'test-results/unit.json',
  (r) => ({
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    skipped: r.numPendingTests + r.numTodoTests,
  }),
);
step('build', 'npx', ['vite', 'build']);
suite('browser tests', 'npx', ['playwright', 'test'], 'test-results/e2e.json', (r) => ({
  passed: r.stats.expected + r.stats.flaky,
  failed: r.stats.unexpected,
  skipped: r.stats.skipped,
}));

if (failures.length > 0) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
process.stdout.write(
  `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
);
process.exit(failed > 0 ? 1 : 0);
