/** Which files `interleave ci` takes: directories, files and globs without a dependency. */
import { describe, expect, it } from 'vitest';
import { findModelFiles, globToRegExp } from '../../src/cli/modelFiles.ts';

describe('globToRegExp', () => {
  it.each([
    ['models/*.ts', 'models/a.ts', true],
    ['models/*.ts', 'models/sub/a.ts', false],
    ['models/**/*.ts', 'models/a.ts', true],
    ['models/**/*.ts', 'models/sub/deeper/a.ts', true],
    ['models/**', 'models/sub/a.ts', true],
    ['models/?.ts', 'models/a.ts', true],
    ['models/?.ts', 'models/ab.ts', false],
    ['models/a.b.ts', 'models/aXb.ts', false],
    ['**/x-*.ts', 'deep/er/x-1.ts', true],
  ])('%s matches %s: %s', (pattern, path, matches) => {
    expect(globToRegExp(pattern).test(path)).toBe(matches);
  });
});

describe('findModelFiles', () => {
  it('searches directories recursively, takes files as named, expands globs, and lists each file once', () => {
    expect(findModelFiles(['models'])).toContain('models/dining-philosophers.ts');
    expect(findModelFiles(['models/print-spooler.ts', 'models/*.ts', './models/print-*.ts']).filter((f) => f === 'models/print-spooler.ts')).toHaveLength(1);
    expect(findModelFiles(['models/*.ts']).every((f) => /^models\/[^/]+\.ts$/.test(f))).toBe(true);
    expect(findModelFiles(['test/fixtures/**/retry.ts'])).toEqual(['test/fixtures/systems/retry.ts']);
    expect(findModelFiles(['models/*'])).not.toContain('models/print-spooler.proof.json');
  });

  it('says when nothing matches', () => {
    expect(() => findModelFiles(['models/*.nothing'])).toThrow("no model files in 'models/*.nothing'");
    expect(() => findModelFiles(['nowhere/'])).toThrow("cannot find 'nowhere/'");
  });
});
