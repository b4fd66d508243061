/** The README's "The flagship model" section is real: its table is the model's configurations, and its driver logs are printed. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import model from '../../models/scsi-target-creation.ts';
import { runCli } from '../helpers/cli.ts';

const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('## The flagship model\n'), readme.indexOf('\n## ', readme.indexOf('## The flagship model\n') + 3));

/** The lines of the ```text block that starts with `$ command`, without the command line. */
function shownBlock(command: string): string[] {
  const start = section.indexOf(`\`\`\`text\n$ ${command}\n`);
  expect(start).toBeGreaterThan(0);
  const body = section.slice(section.indexOf('\n', start + 8) + 1, section.indexOf('```', start + 8));
  return body.split('\n').filter((line) => line.trim() !== '');
}

/** Every shown line is printed, in order; `…` stands for lines left out, `(…)` for a part of a line. */
function expectPrinted(printed: string, shown: readonly string[]): void {
  const lines = printed.split('\n');
  let at = 0;
  for (const line of shown) {
    if (line === '…') continue;
    const [head, tail] = line.split('(…)') as [string, string | undefined];
    const found = lines.findIndex((l, i) => i >= at && (tail === undefined ? l === line : l.startsWith(head) && l.endsWith(tail)));
    expect({ line, found: found >= 0 }).toEqual({ line, found: true });
    at = found + 1;
  }
}

describe('README: the flagship model', () => {
  it('lists every configuration of the model, with its parameters, expectation and description', () => {
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
    const expected = Object.entries(model.configurations).map(([name, c]) => {
      const overrides = Object.entries(c.parameters ?? {}).map(([key, value]) => `${key}=${value}`).join(' ');
      const expect = typeof c.expect === 'string' ? c.expect : `${c.expect.verdict} (${c.expect.property})`;
      return [`\`${name}\``, overrides ? `\`${overrides}\`` : '', expect, c.description];
    });
    expect(rows).toEqual(expected);
  });

  it('missing-response-version --log prints the driver log shown', async () => {
    const run = await runCli('check', 'models/scsi-target-creation.ts', '--config', 'missing-response-version', '--log');
    expectPrinted(run.stdout, shownBlock('npx interleave check models/scsi-target-creation.ts --config missing-response-version --log'));
  });

  it('retry-forever-on-not-ready --log prints the lasso shown', async () => {
    const run = await runCli('check', 'models/scsi-target-creation.ts', '--config', 'retry-forever-on-not-ready', '--log');
    expect(run.code).toBe(1);
    expectPrinted(run.stdout, shownBlock('npx interleave check models/scsi-target-creation.ts --config retry-forever-on-not-ready --log'));
  });
});
