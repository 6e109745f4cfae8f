// Coverage of the TypeScript sources, with the floor CI enforces (package.json "coverageFloor").
//
// tap records V8 coverage of the code tsx compiled, with tsx's source maps. Those maps carry
// `sourcesContent: [null]`, and v8-to-istanbul then maps every file onto an empty original: each .ts file
// shows as one covered line (the "100 %" tap printed). Dropping the empty sourcesContent makes it read the
// .ts file from disk, so lines, branches and functions are counted where they are written.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Report } from 'c8';

const root = path.resolve(import.meta.dirname, '..');
const raw = path.join(root, '.tap/coverage');
const out = path.join(root, 'coverage');

for (const name of await readdir(raw)) {
  const file = path.join(raw, name);
  const data = JSON.parse(await readFile(file, 'utf8'));
  let changed = false;
  for (const entry of Object.values(data['source-map-cache'] ?? {})) {
    const content = entry?.data?.sourcesContent;
    if (Array.isArray(content) && content.every((c) => c == null)) {
      delete entry.data.sourcesContent;
      changed = true;
    }
  }
  if (changed) await writeFile(file, JSON.stringify(data));
}

const report = new Report({
  // The shipped sources only: tests, their helpers, benchmarks and deploy tools are not what is measured.
  include: ['libs/*/src/**', 'services/*/src/**', 'gateway/src/**', 'standalone/src/**', 'emulators/*/src/**'],
  exclude: ['**/*.d.ts', '**/test/**'],
  extension: ['.ts'],
  excludeAfterRemap: true,
  reporter: ['text-summary', 'json-summary', 'lcov'],
  reportsDirectory: out,
  tempDirectory: raw,
  excludeNodeModules: true,
  skipFull: true,
  // Files no test loads count too, at 0 %: the figure is over every source file, not only the ones reached.
  all: true,
  src: [root],
});
process.chdir(root);
await report.run();

const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const floor = pkg.coverageFloor ?? {};
const total = JSON.parse(await readFile(path.join(out, 'coverage-summary.json'), 'utf8')).total;
const below = Object.entries(floor).filter(([metric, min]) => total[metric].pct < min);
for (const [metric, min] of below) console.error(`coverage: ${metric} ${total[metric].pct} % is below the floor of ${min} % (package.json coverageFloor)`);
if (below.length > 0) process.exitCode = 1;
