/**
 * The local modules a model file is built from — `machines/dextHandlers.ts` and the like —
 * for the configuration hash. A machine's action may call a helper function defined in its
 * module; the helper's body is not part of the machine object, so the structural description
 * (`describeValue.ts`) cannot see it, but the module's source can. Sources are read from disk,
 * so every TypeScript loader gets the same hash.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** interleave's own sources: the engine is not part of a model (its changes show in the figures). */
const ENGINE = fileURLToPath(new URL('../../', import.meta.url));

const IMPORT = /(?:\bimport|\bexport)\s[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g;

/**
 * Every local module `file` imports, directly or through other local modules (not the file
 * itself, not packages, not interleave's own `src/`), as path relative to `file`'s directory →
 * 16 hex digits of SHA-256 of its source without comments and white space.
 *
 * @example
 * ```ts
 * modelModules('models/print-spooler.ts'); // { '../machines/printSpooler.ts': '9f2c…' }
 * ```
 */
export function modelModules(file: string): Record<string, string> {
  const root = dirname(resolve(file));
  const seen = new Set<string>([resolve(file)]);
  const queue = [resolve(file)];
  const modules: Record<string, string> = {};
  while (queue.length > 0) {
    const current = queue.shift()!;
    const source = readFileSync(current, 'utf8');
    if (current !== resolve(file)) modules[relative(root, current).split(sep).join('/')] = digest(stripCommentsAndSpace(source));
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) continue;
      const target = resolveModule(resolve(dirname(current), specifier));
      if (!target || seen.has(target) || target.startsWith(ENGINE) || target.includes(`${sep}node_modules${sep}`)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return Object.fromEntries(Object.entries(modules).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The file an import specifier names, trying the extensions TypeScript's resolution would. */
function resolveModule(path: string): string | undefined {
  const candidates = [path, path.replace(/\.(m?)js$/, '.$1ts'), `${path}.ts`, `${path}.mts`, `${path}.js`, `${path}.mjs`, `${path}/index.ts`, `${path}/index.js`];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/**
 * Source text with comments removed and white space kept only where it separates two words,
 * so that reformatting or re-commenting a module leaves its hash alone. Strings are kept as
 * written. Best effort: a regular expression literal holding a quote or `//` is scanned as if
 * it were a string or a comment, which only makes the result coarser, never unstable.
 */
export function stripCommentsAndSpace(source: string): string {
  let out = '';
  let i = 0;
  const word = (c: string | undefined) => c !== undefined && /[\w$]/.test(c);
  while (i < source.length) {
    const c = source[i]!;
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
    } else if (/\s/.test(c)) {
      while (i < source.length && /\s/.test(source[i]!)) i++;
      if (word(out[out.length - 1]) && word(source[i])) out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
