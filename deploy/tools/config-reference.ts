import { readFile, writeFile } from 'node:fs/promises';
import { generatedDocs } from './generated-docs.js';

// `--write` regenerates deploy/CONFIGURATION.md and .env.example; without it, exits 1 when either is stale.
const write = process.argv.includes('--write');
const stale: string[] = [];
for (const doc of generatedDocs()) {
  const current = await readFile(doc.path, 'utf8').catch(() => undefined);
  if (current === doc.content) continue;
  if (write) {
    await writeFile(doc.path, doc.content);
    process.stdout.write(`wrote ${doc.file}\n`);
  } else {
    stale.push(doc.file);
  }
}
if (stale.length > 0) {
  process.stderr.write(`stale: ${stale.join(', ')}; run \`npm run docs:config\`\n`);
  process.exitCode = 1;
}
