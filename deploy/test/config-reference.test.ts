import t from 'tap';
import { busServices } from '@lumira/bus';
import { env } from '@lumira/config';
import type { ConfigPart } from '../tools/config-parts.js';
import { configParts } from '../tools/config-parts.js';
import { generatedDocs, repoRoot } from '../tools/generated-docs.js';
import { renderConfigurationReference } from '../tools/render-configuration.js';
import { renderEnvExample } from '../tools/render-env-example.js';
import { natsPasswordVariable } from '../tools/render-nats.js';
import { collectVariables, isRequired } from '../tools/variables.js';
import { configProblems, readText } from './helpers/files.js';

const variables = collectVariables(configParts);

/** `NAME=value` lines of a .env file; quotes as compose reads them. */
function parseDotenv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new Error(`not a NAME=value line: ${line}`);
    values.set(m[1]!, m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : m[2]!);
  }
  return values;
}

t.test('deploy/CONFIGURATION.md and .env.example are what the specs produce now', async (t) => {
  for (const doc of generatedDocs()) {
    t.equal(readText(doc.file), doc.content, `${doc.file} is stale: run \`npm run docs:config\``);
    t.notOk(doc.content.includes(repoRoot), `${doc.file} reads the same on every machine`);
  }
});

t.test('the reference has a row for every variable of every process', async (t) => {
  const reference = readText('deploy/CONFIGURATION.md');
  for (const part of configParts) {
    for (const [name, spec] of Object.entries(part.spec)) {
      const rows = reference.split('\n').filter((l) => l.startsWith(`| \`${name}\` |`) && l.includes(spec.description.replace(/\|/g, '\\|')));
      t.equal(rows.length, 1, `${name} (${part.name})`);
      t.match(rows[0], spec.secret ? /\| yes \|/ : /\| no \|/, `${name}: secret or not`);
    }
  }
});

t.test('.env.example lists every variable, secrets empty, and every value is valid for its readers', async (t) => {
  const values = parseDotenv(readText('.env.example'));
  // Plus the compose-only NATS passwords, one per service (the nats container and that service read it).
  t.same([...values.keys()].sort(), [...variables.map((v) => v.name), ...busServices.map(natsPasswordVariable)].sort());
  for (const service of busServices) t.equal(values.get(natsPasswordVariable(service)), '', `${natsPasswordVariable(service)} is an empty placeholder`);
  for (const v of variables) if (v.uses.some((u) => u.spec.secret)) t.equal(values.get(v.name), '', `${v.name} is an empty placeholder`);
  const env = Object.fromEntries(values);
  for (const part of configParts) {
    const required = Object.keys(part.spec).filter((n) => isRequired(part.spec[n]!));
    const problems = configProblems(part.name, part.spec, env).filter((p) => !required.includes(p.split(':')[0]!));
    t.same(problems, [], `${part.name} accepts the template`);
  }
});

t.test('rendering: shared specs collapse, differing defaults are listed, install paths stay portable', async (t) => {
  const root = '/opt/lumira/';
  const parts: ConfigPart[] = [
    {
      name: 'a',
      kind: 'service',
      start: 'a',
      spec: {
        LEVEL: env.string({ description: 'level', default: 'info' }),
        KEY: env.string({ description: 'key', secret: true }),
        FILE: env.string({ description: 'file', default: '/opt/lumira/a/x.json' }),
      },
    },
    {
      name: 'b',
      kind: 'service',
      start: 'b',
      spec: { LEVEL: env.string({ description: 'level', default: 'info' }), PORT: env.port({ description: 'port', default: '1' }) },
    },
    {
      name: 'c',
      kind: 'gateway',
      start: 'c',
      spec: { PORT: env.port({ description: 'port', default: '2' }), TOKEN: env.string({ description: 'token', secret: true, default: 'tok' }) },
    },
  ];
  const vars = collectVariables(parts);
  const reference = renderConfigurationReference(parts, vars, root);
  t.match(reference, '| `LEVEL` | every service | `info` | no |', 'one row for the same spec read by both services');
  t.match(reference, '| `KEY` | a | **required** | yes |');
  t.match(reference, '| `PORT` | b | `1` |');
  t.match(reference, '| `PORT` | c | `2` |');
  t.match(reference, '`<install dir>/a/x.json`');
  t.notMatch(reference, root);

  const example = renderEnvExample(parts, vars, root);
  const values = parseDotenv(example);
  t.equal(values.get('LEVEL'), 'info', 'a shared default is written out');
  t.equal(values.get('PORT'), '', 'differing defaults leave the value empty…');
  t.match(example, /# port\. Default: 1 \(b\), 2 \(c\)\.\nPORT=\n/, '…and are listed');
  t.equal(values.get('FILE'), '', 'an install path is not written as a value');
  t.equal(values.get('TOKEN'), '', 'a secret is never written, even with a default');
  t.match(example, /# key\. Secret\. Required\.\nKEY=\n/);
  t.ok(example.indexOf('## every service') < example.indexOf('## a\n'), 'wider sections first');
});
