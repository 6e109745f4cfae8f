import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type ConfigSpec } from '@lumira/config';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from '../../tools/generated-docs.js';

export { repoRoot };
export const fromRoot = (...segments: string[]) => path.join(repoRoot, ...segments);
export const readText = (file: string) => readFileSync(fromRoot(file), 'utf8');

export const readJson = (file: string): any => JSON.parse(readText(file));

export function readYaml(file: string): any {
  return parse(readText(file));
}

export function readYamlDocuments(file: string): any[] {
  return parseAllDocuments(readText(file)).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
    return doc.toJS();
  });
}

/** The problems loadConfig reports for an environment; none means the process would start. */
export function configProblems(name: string, spec: ConfigSpec, env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(name, spec, env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

/** Every object the base's kustomization lists, with the file it came from. */
export function k8sBaseObjects(): { file: string; object: any }[] {
  const kustomization = readYaml('deploy/k8s/base/kustomization.yaml');
  const resources = (kustomization.resources as string[]).flatMap((resource) => {
    const file = `deploy/k8s/base/${resource}`;
    return readYamlDocuments(file).map((object) => ({ file, object }));
  });
  // ConfigMaps from configMapGenerator `envs` files, as kustomize builds them (before the name hash).
  const generated = ((kustomization.configMapGenerator ?? []) as { name: string; envs: string[] }[]).flatMap((g) =>
    g.envs.map((envs) => {
      const file = `deploy/k8s/base/${envs}`;
      return { file, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: g.name }, data: Object.fromEntries(readEnvFile(file)) } };
    }),
  );
  return [...generated, ...resources];
}

/** KEY=value lines as kustomize reads an `envs` file: comments and blank lines skipped, values verbatim. */
export function readEnvFile(file: string): Map<string, string> {
  const entries = readText(file)
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as [string, string]);
  return new Map(entries);
}
