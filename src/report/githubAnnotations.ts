/**
 * `interleave ci` in GitHub Actions: each problem as a workflow command
 * (`::error file=…,line=…,title=…::…`), which GitHub shows as an annotation on the model file —
 * at the line that names the configuration — in the job's summary and in a pull request's diff.
 * The CLI prints them when `GITHUB_ACTIONS` is `true`, as GitHub sets it in every job.
 *
 * @example
 * ```ts
 * githubAnnotations([{ file: 'models/handshake.ts', config: 'silent', text: 'handshake/silent: expected deadlock, found pass' }], read);
 * // ['::error file=models/handshake.ts,line=39,title=interleave ci%3A handshake.ts silent::handshake/silent: expected deadlock, found pass']
 * ```
 */
import { basename } from 'node:path';
import type { PlacedProblem } from './ciText.ts';

/**
 * One workflow command per configuration with problems (and one per file for the file's own),
 * its problems one per line: GitHub shows at most 10 error annotations per step.
 * `read` gives a model file's text (undefined if unreadable).
 */
export function githubAnnotations(problems: readonly PlacedProblem[], read: (file: string) => string | undefined): string[] {
  const groups = new Map<string, { file: string; config?: string; texts: string[] }>();
  for (const { file, config, text } of problems) {
    const key = JSON.stringify([file, config ?? null]);
    const group = groups.get(key) ?? { file, ...(config === undefined ? {} : { config }), texts: [] };
    group.texts.push(text);
    groups.set(key, group);
  }
  const sources = new Map<string, string | undefined>();
  return [...groups.values()].map(({ file, config, texts }) => {
    if (!sources.has(file)) sources.set(file, read(file));
    const line = config === undefined ? undefined : lineNaming(sources.get(file), config);
    const title = `interleave ci: ${basename(file)}${config === undefined ? '' : ` ${config}`}`;
    const properties = [`file=${property(file)}`, ...(line ? [`line=${line}`] : []), `title=${property(title)}`];
    return `::error ${properties.join(',')}::${data(texts.join('\n'))}`;
  });
}

/** The first line (1-based) where `config` is a key (`config:`, `'config':` or `"config":`), if any. */
function lineNaming(source: string | undefined, config: string): number | undefined {
  if (source === undefined) return undefined;
  const escaped = config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const key = new RegExp(`^\\s*(['"]?)${escaped}\\1\\s*:`);
  const index = source.split('\n').findIndex((line) => key.test(line));
  return index >= 0 ? index + 1 : undefined;
}

/** A workflow command's message: %, CR and LF escaped. */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also : and , escaped. */
function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
