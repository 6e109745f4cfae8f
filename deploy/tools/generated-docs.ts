import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configParts } from './config-parts.js';
import { renderConfigurationReference } from './render-configuration.js';
import { renderEnvExample } from './render-env-example.js';
import { renderNatsAuthConf, renderNatsHelmValues } from './render-nats.js';
import { collectVariables } from './variables.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface GeneratedDoc {
  /** Relative to the repository root, as messages show it. */
  file: string;
  path: string;
  content: string;
}

/** The documents derived from the config specs and the bus permissions: reference, compose template, NATS users. */
export function generatedDocs(): GeneratedDoc[] {
  const variables = collectVariables(configParts);
  const docs = [
    { file: 'deploy/CONFIGURATION.md', content: renderConfigurationReference(configParts, variables, repoRoot) },
    { file: '.env.example', content: renderEnvExample(configParts, variables, repoRoot) },
    { file: 'deploy/nats/auth.conf', content: renderNatsAuthConf() },
    { file: 'deploy/k8s/nats/values.yaml', content: renderNatsHelmValues() },
  ];
  return docs.map((d) => ({ ...d, path: path.join(repoRoot, d.file) }));
}
