import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import t from 'tap';
import { configParts } from '../tools/config-parts.js';
import { fromRoot, readText, readYaml } from './helpers/files.js';
import { dockerfileInstructions, dockerIgnores, execForm, imageLayout } from './helpers/dockerfile.js';

const instructions = dockerfileInstructions(readText('deploy/Dockerfile'));
const stages = [...new Set(instructions.filter((i) => i.keyword === 'FROM').map((i) => i.stage))];
const finalStage = stages.at(-1)!;
const final = instructions.filter((i) => i.stage === finalStage);
const one = (keyword: string) => {
  const found = final.filter((i) => i.keyword === keyword);
  if (found.length !== 1) throw new Error(`expected one ${keyword} in the final stage, found ${found.length}`);
  return found[0]!.args;
};
const imageServices = Object.values(readYaml('docker-compose.yml').services as Record<string, any>)
  .map((s) => s.build?.args?.SERVICE as string | undefined)
  .filter((s): s is string => Boolean(s));
const dockerignore = readText('.dockerignore');

t.test('one parameterised multi-stage build', async (t) => {
  t.ok(
    instructions.some((i) => i.keyword === 'ARG' && i.args === 'SERVICE'),
    'ARG SERVICE',
  );
  t.ok(stages.length >= 3, `stages: ${stages.join(', ')}`);
  const runs = instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
  t.ok(
    runs.some((r) => /npm ci --omit=dev\b.*--workspace "\$1"/.test(r) && r.includes('layout.sh')),
    'production dependencies of the chosen workspace only',
  );
  t.ok(
    runs.some((r) => /npx tsc -b "\$1"/.test(r)),
    'compiles the chosen workspace and its references',
  );
  t.ok(
    runs.some((r) => /ln -s "\$2" \/out\/main\.js/.test(r) && /test -f "\/out\/\$2"/.test(r)),
    'links main.js to the entry, failing the build when it is missing',
  );
  const copiesFromStages = final.filter((i) => i.keyword === 'COPY').map((i) => /--from=(\S+)/.exec(i.args)?.[1]);
  t.ok(copiesFromStages.includes('prod-deps') && copiesFromStages.includes('build'), 'the final image takes pruned dependencies and built files only');
  for (const copy of instructions.filter((i) => i.keyword === 'COPY' && !i.args.includes('--from'))) {
    const sources = copy.args.split(/\s+/).slice(0, -1);
    for (const source of sources) t.ok(existsSync(fromRoot(source)), `COPY source ${source} exists`);
  }
});

t.test('the final image: production mode, non-root, tini, healthcheck with node', async (t) => {
  t.match(
    final
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' '),
    /\bNODE_ENV=production\b/,
  );
  const user = one('USER');
  t.match(user, /^\d+(:\d+)?$/, 'a numeric user, which Kubernetes can check against runAsNonRoot');
  t.not(Number(user.split(':')[0]), 0, 'not root');
  t.same(execForm(one('ENTRYPOINT')), ['/usr/bin/tini', '--'], 'tini is PID 1');
  t.ok(
    final.some((i) => i.keyword === 'RUN' && /apt-get install .*\btini\b/.test(i.args)),
    'tini is installed',
  );
  const health = one('HEALTHCHECK');
  const probe = execForm(health);
  t.same(probe.slice(0, 2), ['node', 'deploy/docker/healthcheck.mjs'], 'probed with node: slim images have no curl');
  t.equal(probe[2], '/health');
  t.ok(existsSync(fromRoot(probe[1]!)));
  t.same(execForm(one('CMD')), ['node', 'main.js']);
  const port = /\bPORT=(\d+)/.exec(
    final
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' '),
  )?.[1];
  t.equal(one('EXPOSE'), port, 'EXPOSE is the port the image sets');
});

t.test('each image starts a file the build produces', async (t) => {
  const needed = new Set([...imageServices, ...configParts.filter((p) => p.kind !== 'launcher').map((p) => p.name)]);
  for (const service of needed) {
    const { workspace, entry } = imageLayout(service);
    const manifest = JSON.parse(readText(`${workspace}/package.json`));
    t.type(manifest.name, 'string', `${service}: ${workspace} is a workspace`);
    const compiled = new RegExp(`^${workspace}/dist/(.+)\\.js$`).exec(entry);
    if (compiled) {
      const tsconfig = JSON.parse(readText(`${workspace}/tsconfig.json`));
      t.equal(tsconfig.compilerOptions.outDir, 'dist', `${service}: tsc writes to dist`);
      t.equal(tsconfig.compilerOptions.rootDir, 'src', `${service}: from src`);
      t.ok(existsSync(fromRoot(workspace, 'src', `${compiled[1]}.ts`)), `${service}: ${entry} is compiled from src/${compiled[1]}.ts`);
    } else {
      t.ok(existsSync(fromRoot(entry)), `${service}: ${entry} ships as it is`);
      t.notOk(dockerIgnores(dockerignore, entry), `${service}: ${entry} is in the build context`);
    }
  }
  t.throws(() => imageLayout('billing'), 'an unknown SERVICE stops the build');
  const stderr = (() => {
    try {
      execFileSync('sh', [fromRoot('deploy/docker/layout.sh'), ''], { stdio: 'pipe' });
      return '';
    } catch (err) {
      return String((err as { stderr: Buffer }).stderr);
    }
  })();
  t.match(stderr, /expected gateway, payment/, 'and says which values it takes');
});

t.test('the build context has the sources and nothing built or secret', async (t) => {
  const kept = ['package.json', 'package-lock.json', 'tsconfig.base.json', 'deploy/docker/layout.sh', 'deploy/docker/healthcheck.mjs'];
  for (const service of imageServices) {
    const { workspace } = imageLayout(service);
    kept.push(`${workspace}/package.json`, `${workspace}/tsconfig.json`, `${workspace}/src/index.ts`);
  }
  for (const file of kept) t.notOk(dockerIgnores(dockerignore, file), `${file} is sent`);
  const dropped = [
    'node_modules/fastify/package.json',
    'services/payment/node_modules/x',
    'services/payment/dist/main.js',
    'libs/config/tsconfig.tsbuildinfo',
    '.env',
    '.git/HEAD',
    'data/store.db',
    'services/payment/test/checkout.test.ts',
  ];
  for (const file of dropped) t.ok(dockerIgnores(dockerignore, file), `${file} is left out`);
});

t.test('the .dockerignore matcher follows Docker: last rule wins, directories cover their content', async (t) => {
  t.ok(dockerIgnores('**/dist', 'a/b/dist/x.js'));
  t.ok(dockerIgnores('bench', 'bench/run.ts'));
  t.notOk(dockerIgnores('bench', 'benchmarks/run.ts'));
  t.notOk(dockerIgnores('*.md\n!README.md', 'README.md'));
  t.ok(dockerIgnores('*.md', 'NOTES.md'));
  t.notOk(dockerIgnores('*.md', 'deploy/NOTES.md'));
});
