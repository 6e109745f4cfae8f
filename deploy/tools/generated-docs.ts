import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configParts } from './config-parts.js';
import { renderConfigurationReference } from './render-configuration.js';
import { renderEnvExample } from './render-env-example.js';
import { collectVariables } from './variables.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface GeneratedDoc {
  /** Relative to the repository root, as messages show it. */
  file: string;
  path: string;
  content: string;
}

/** The two documents derived from the config specs: the reference and the compose template. */
export function generatedDocs(): GeneratedDoc[] {
  const variables = collectVariables(configParts);
  const docs = [
    { file: 'deploy/CONFIGURATION.md', content: renderConfigurationReference(configParts, variables, repoRoot) },
    { file: '.env.example', content: renderEnvExample(configParts, variables, repoRoot) },
  ];
  return docs.map((d) => ({ ...d, path: path.join(repoRoot, d.file) }));
}
