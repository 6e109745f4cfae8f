import type { VarSpec } from '@lumira/config';
import type { ConfigPart } from './config-parts.js';

export interface VariableUse {
  part: ConfigPart;
  spec: VarSpec;
}

/** One environment variable and every process that reads it, in the order of the parts. */
export interface Variable {
  name: string;
  uses: VariableUse[];
}

/** Variables in order of first appearance (parts in order, then declaration order), so output never depends on sorting quirks. */
export function collectVariables(parts: ConfigPart[]): Variable[] {
  const byName = new Map<string, Variable>();
  for (const part of parts) {
    for (const [name, spec] of Object.entries(part.spec)) {
      const variable = byName.get(name) ?? { name, uses: [] };
      variable.uses.push({ part, spec });
      byName.set(name, variable);
    }
  }
  return [...byName.values()];
}

export function isRequired(spec: VarSpec): boolean {
  return spec.default === undefined && !spec.optional;
}

/** Who reads a variable, in words: the six services together read as "every service". */
export function readersLabel(readers: ConfigPart[], parts: ConfigPart[]): string {
  const services = parts.filter((p) => p.kind === 'service');
  const names = new Set(readers.map((p) => p.name));
  const allServices = services.length > 1 && services.every((s) => names.has(s.name));
  const labels: string[] = [];
  for (const part of parts) {
    if (!names.has(part.name)) continue;
    if (allServices && part.kind === 'service') {
      if (part === services[0]) labels.push('every service');
      continue;
    }
    labels.push(part.name);
  }
  return labels.join(', ');
}

/**
 * Defaults computed from the install location (the payment catalog) are shown relative to it, so the
 * documents read the same on every machine.
 */
export function portableDefault(value: string, repoRoot: string): { text: string; portable: boolean } {
  if (value.startsWith(repoRoot)) return { text: `<install dir>/${value.slice(repoRoot.length).replace(/^\/+/, '')}`, portable: false };
  return { text: value, portable: true };
}
