import t from 'tap';
import { readText } from './helpers/files.js';

// The README promises two command lines and CI promises to run the second one exactly; a drift between them means
// CI no longer tests what a newcomer types.
const readme = readText('README.md');
const blocks = [...readme.matchAll(/```sh\n([^\n]*)\n```/g)].map((m) => m[1]!);
const startLine = blocks.find((line) => line.endsWith('npm start'));
const testLine = blocks.find((line) => line.endsWith('npm test'));

t.test('the README has one line that installs and starts, and one that installs and tests', async (t) => {
  t.ok(startLine, 'a one-line install-and-start block');
  t.ok(testLine, 'a one-line install-and-test block');
  t.match(testLine, /^npx -y -p node@24 -- npm ci\b/, 'npm ci itself runs on Node 24, so no engine warnings on an older system Node');
  t.equal(startLine?.replace(/npm start$/, ''), testLine?.replace(/npm test$/, ''), 'both lines install the same way');
});

t.test('.ci/run runs exactly the README test line', async (t) => {
  const run = readText('.ci/run');
  t.ok(run.includes(`{ ${testLine}; }`), '.ci/run wraps the README line unchanged');
  t.match(run, /echo "\$\{pass:-0\} passed, \$\{fail:-0\} failed"/, 'and ends with the plain summary line');
});
