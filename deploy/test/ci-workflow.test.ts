import t from 'tap';
import { readJson, readText, readYaml } from './helpers/files.js';

const workflow = readYaml('.github/workflows/ci.yml');
const jobs = Object.values<any>(workflow.jobs);
const runLines = (job: any) => (job.steps as any[]).filter((s) => s.run).map((s) => String(s.run));

t.test('the tests run on the Node LTS of the images, with nats-server and promtool, and the store contract suite against a mongo container', async (t) => {
  const job = jobs.find((j) => j.services?.mongo);
  t.ok(job, 'a job with a mongo service container');
  t.match(job.services.mongo.image, /^mongo:7/);
  const published = job.services.mongo.ports.map((p: string) => String(p).split(':')[0]);
  const url = new URL(job.env.MONGODB_URL);
  t.equal(url.protocol, 'mongodb:');
  t.ok(published.includes(url.port || '27017'), 'MONGODB_URL reaches the published port');
  t.match(job.services.mongo.options, /--health-cmd/, 'the job starts once MongoDB answers');
  const setupNode = job.steps.find((s: any) => String(s.uses).startsWith('actions/setup-node'));
  const nodeMajor = /(\d+)\./.exec(readJson('package.json').devDependencies.node)?.[1];
  t.ok(nodeMajor === '22' || nodeMajor === '24', `the node devDependency is an LTS (${nodeMajor})`);
  t.equal(String(setupNode.with['node-version']), nodeMajor, 'CI runs npm on the same major');
  t.match(readText('deploy/Dockerfile'), new RegExp(`ARG NODE_IMAGE=node:${nodeMajor}-`), 'the images run the same major');
  const runs = runLines(job);
  const at = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r));
  t.ok(at(/apt-get install .*\bnats-server\b/) >= 0, 'installs nats-server');
  t.ok(at(/apt-get install .*\bprometheus\b/) >= 0, 'installs promtool (the alert rules are unit-tested)');
  t.ok(at(/^npm ci\b/) >= 0, 'npm ci');
  t.ok(at(/^npm test$/) > at(/^npm ci\b/), 'then npm test');
});

t.test('every image of the compose file is built, never pushed', async (t) => {
  const job = jobs.find((j) => j.strategy?.matrix?.service);
  const compose = readYaml('docker-compose.yml');
  const images = Object.values<any>(compose.services)
    .map((s) => s.build?.args?.SERVICE)
    .filter(Boolean);
  t.same([...job.strategy.matrix.service].sort(), [...images].sort(), 'one build per compose image');
  t.ok(
    job.steps.some((s: any) => String(s.uses).startsWith('docker/setup-buildx-action')),
    'with buildx',
  );
  const build = job.steps.find((s: any) => String(s.uses).startsWith('docker/build-push-action'));
  t.equal(build.with.file, 'deploy/Dockerfile');
  t.equal(build.with.context, '.');
  t.equal(build.with['build-args'], 'SERVICE=${{ matrix.service }}');
  t.equal(build.with.push, false);
});
