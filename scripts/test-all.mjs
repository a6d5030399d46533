// The whole suite, as CI and the README run it: typecheck, lint, build, then every vitest file
// (unit, integration against the S3 world, security, Chromium e2e, the package check). Ends with
// one `N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

// The tests run on the Node major Electron ships; Node 20 has reached its end of life.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Node ${process.versions.node} is too old: the tests need Node 22.12 or newer (24, as Electron ships, is what CI uses; .ci/run installs it).`,
  );
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const steps = [
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']],
  ['lint', 'npm', ['run', 'lint']],
  ['build', 'npm', ['run', 'build']],
];
let passed = 0;
let failed = 0;
for (const [name, command, args] of steps) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const ok = result.status === 0;
  console.log(`${ok ? '✓' : '✗'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (ok) passed++;
  else failed++;
}

mkdirSync('test-output', { recursive: true });
const report = 'test-output/vitest.json';
const vitest = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
  { stdio: 'inherit' },
);
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  // A failing test also fails its file and describe blocks: count suites only when no test
  // failed (a file that could not load).
  failed += json.numFailedTests || (json.numFailedTestSuites ?? 0);
  if (json.numTotalTests === 0) failed++;
} catch {
  failed++;
  console.error('vitest wrote no report');
}
if (vitest.status !== 0 && failed === 0) failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
