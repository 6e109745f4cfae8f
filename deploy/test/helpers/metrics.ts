import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fromRoot } from './files.js';

/** Metric names registered in the sources (`name: 'x'`, or notification's `opts('x'`); `up` is Prometheus's own. */
export function exportedMetricNames(): Set<string> {
  const sources = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts'], { cwd: fromRoot(), encoding: 'utf8' })
    .split('\n')
    .filter((f) => /^(libs|services)\/[^/]+\/src\//.test(f) || f.startsWith('gateway/src/'));
  const names = new Set<string>(['up']);
  for (const file of sources) {
    const text = readFileSync(fromRoot(file), 'utf8');
    for (const m of text.matchAll(/(?:name: |opts\()'([a-z_]+)'/g)) names.add(m[1]!);
  }
  return names;
}

/** Metric names a PromQL expression reads (series selectors), histogram suffixes taken off. */
export function metricsRead(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, '');
  const keywords = new Set(['sum', 'max', 'min', 'by', 'rate', 'increase', 'histogram_quantile', 'le', 'and', 'or', 'unless', 'on', 'without']);
  return [...withoutStrings.matchAll(/(?<![\w$])([a-z_][a-z0-9_]*)(?=\s*(?:\{|\[|\)|\s*(?:==|>|<|\+|-|$)))/g)]
    .map((m) => m[1]!)
    .filter((n) => !keywords.has(n))
    .map((n) => n.replace(/_(bucket|sum|count)$/, ''));
}
