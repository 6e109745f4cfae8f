import { execFileSync } from 'node:child_process';
import { fromRoot } from './files.js';

/** `sh deploy/docker/layout.sh SERVICE`, as the Dockerfile runs it. */
export function imageLayout(service: string): { workspace: string; entry: string } {
  const out = execFileSync('sh', [fromRoot('deploy/docker/layout.sh'), service], { encoding: 'utf8', stdio: 'pipe' })
    .trim()
    .split(/\s+/);
  return { workspace: out[0]!, entry: out[1]! };
}

export interface Instruction {
  keyword: string;
  args: string;
  stage: string;
}

/** Instructions with continuation lines joined and comments dropped, each tagged with its stage name. */
export function dockerfileInstructions(text: string): Instruction[] {
  const logical: string[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    // Docker drops comment lines, also in the middle of a continued instruction.
    if (/^\s*#/.test(line)) continue;
    const continued = line.endsWith('\\');
    pending += `${continued ? line.slice(0, -1) : line} `;
    if (!continued) {
      if (pending.trim()) logical.push(pending.trim());
      pending = '';
    }
  }
  let stage = '';
  return logical.map((l) => {
    const [keyword, ...rest] = l.split(/\s+/);
    const args = rest.join(' ');
    if (keyword!.toUpperCase() === 'FROM') stage = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? '';
    return { keyword: keyword!.toUpperCase(), args, stage };
  });
}

/** `["node", "main.js"]` → its words; the exec form of CMD, ENTRYPOINT and HEALTHCHECK. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  return JSON.parse(json) as string[];
}

// ---- .dockerignore -------------------------------------------------------------------------------

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A pattern that names a directory excludes everything below it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

/** Whether the build context leaves a path out, with the last matching rule winning as in Docker. */
export function dockerIgnores(rules: string, file: string): boolean {
  let ignored = false;
  for (const raw of rules.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^\/+/, '').replace(/\/+$/, '');
    if (globToRegExp(pattern).test(file)) ignored = !negated;
  }
  return ignored;
}
