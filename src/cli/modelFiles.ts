/**
 * Which model files a command means: `interleave ci models/ other/*.ts 'more/**\/x-*.ts'`.
 * A directory is searched recursively; a file is taken as is; a pattern with `*`, `**` or `?`
 * is matched against the files under its fixed leading directories (no dependency: Node 20
 * has no `fs.glob`). Files and folders starting with `.` or `_`, and `node_modules`, are
 * skipped when searching (but a file named explicitly is always taken).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UsageError } from './args.ts';

const MODEL_FILE = /\.(ts|mts|js|mjs)$/;
const GLOB = /[*?]/;

/**
 * The model files `paths` name, in order, each once.
 *
 * @example
 * ```ts
 * findModelFiles(['models', 'examples/*.ts']); // ['models/dining-philosophers.ts', …, 'examples/ping-pong.ts']
 * ```
 */
export function findModelFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    const found = GLOB.test(path) ? matchGlob(path) : filesAt(path);
    if (found.length === 0) throw new UsageError(`no model files in '${path}' (model files end in .ts, .mts, .js or .mjs)`);
    for (const file of found) if (!files.includes(file)) files.push(file);
  }
  return files;
}

/** Model files under `path` (a file, or a directory searched recursively). */
function filesAt(path: string): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new UsageError(`cannot find '${path}'`);
  }
  return stats.isDirectory() ? walk(path) : [path];
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.') && !entry.name.startsWith('_') && entry.name !== 'node_modules')
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(dir, entry.name);
      if (entry.isDirectory()) return walk(child);
      return MODEL_FILE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative('.', child) || child] : [];
    });
}

/** The model files matching a glob: `*` and `?` within one path segment, `**` across segments. */
function matchGlob(pattern: string): string[] {
  const segments = pattern.split('/');
  const fixed = segments.findIndex((segment) => GLOB.test(segment));
  const base = segments.slice(0, fixed).join('/') || (pattern.startsWith('/') ? '/' : '.');
  let stats;
  try {
    stats = statSync(base);
  } catch {
    return [];
  }
  if (!stats.isDirectory()) return [];
  const matcher = globToRegExp(pattern.replace(/^\.\//, ''));
  // walk() names files relative to the working directory; match them as the pattern is written.
  return walk(base).filter((file) => matcher.test(join(base, relative(base, file))));
}

/** `models/**\/*.ts` → a RegExp over relative paths with `/` separators. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
