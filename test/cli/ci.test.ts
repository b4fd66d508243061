/**
 * `interleave ci` as a CI job runs it (issue 7): verdicts against expectations, proof records
 * that catch a drifted state space, budgets that end as inconclusive, JUnit, JSON and Markdown
 * for CI services, and the exit-code precedence 2 > 1 > 3 > 0.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, removeFixtures, writeHandshake, type HandshakeVariant } from '../helpers/ciFixture.ts';
import { runCli } from '../helpers/cli.ts';
import { findAll, parseXml } from '../helpers/xml.ts';

const dirs: string[] = [];
let base: string;
let baseRecord: string;

/** The handshake model in a new directory, with a copy of the base record next to it unless `record` is false. */
function variant(v: HandshakeVariant, record = true): string {
  const dir = fixtureDir();
  dirs.push(dir);
  const file = writeHandshake(dir, v);
  if (record) copyFileSync(baseRecord, join(dir, 'handshake.proof.json'));
  return file;
}

const rows = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('handshake '));
const resultOf = (stdout: string, config: string) => rows(stdout).find((r) => r.split(/\s+/)[1] === config)?.split(/\s+/).at(-1);

beforeAll(async () => {
  base = variant({}, false);
  baseRecord = base.replace(/\.ts$/, '.proof.json');
  const run = await runCli('ci', base, '--update');
  expect(run.code).toBe(0);
});

afterAll(() => removeFixtures(dirs));

describe('interleave ci: proof records', () => {
  it('--update writes one record per model file: sorted keys, no seconds, a trailing newline', () => {
    const text = readFileSync(baseRecord, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    const record = JSON.parse(text);
    expect(Object.keys(record)).toEqual(['$comment', 'configurations', 'format', 'model']);
    expect(record.model).toBe('handshake');
    expect(record.configurations.answered).toEqual({
      depth: 6,
      hash: expect.stringMatching(/^[0-9a-f]{16}$/),
      parameters: { answers: true, rounds: 2 },
      reductions: [],
      states: 7,
      store: expect.any(String),
      transitions: 6,
      verdict: 'pass',
    });
    expect(record.configurations.silent).toMatchObject({ verdict: 'deadlock', property: 'deadlock', states: 3, depth: 2 });
    expect(text).not.toContain('seconds');
    expect(text).toBe(`${JSON.stringify(record, null, 2)}\n`);
    for (const entry of Object.values<Record<string, unknown>>(record.configurations)) expect(Object.keys(entry)).toEqual(Object.keys(entry).sort());
  });

  it('passes when neither the model nor the engine changed', async () => {
    const run = await runCli('ci', base);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').at(-1)).toBe('all 2 configurations proved as expected and as recorded');
    expect(rows(run.stdout).map((r) => r.split(/\s+/).at(-1))).toEqual(['ok', 'ok']);
  });

  it('fails on a changed model, naming each drifted figure with both values', async () => {
    const run = await runCli('ci', variant({ thinkFirst: true }));
    expect(run.code).toBe(1);
    expect(resultOf(run.stdout, 'answered')).toBe('DRIFT');
    const lines = run.stdout.split('\n');
    expect(lines).toContain('handshake/answered: states drifted: recorded 7, now 9');
    expect(lines).toContain('handshake/answered: transitions drifted: recorded 6, now 8');
    expect(lines).toContain('handshake/answered: depth drifted: recorded 6, now 8');
    expect(lines.some((l) => /^handshake\/answered: hash drifted: recorded [0-9a-f]{16}, now [0-9a-f]{16}$/.test(l))).toBe(true);
    expect(run.stdout).toContain('handshake/answered: the hash moved too: the model itself changed');
    expect(lines.at(-1)).toBe('FAILED: 2 records drifted (of 2 configurations)');
  });

  it('says so when only the hash moved: same state space, different source', async () => {
    const run = await runCli('ci', variant({ moreGuard: '({ context }) => context.rounds > context.asked' }));
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('states drifted');
    expect(run.stdout).toContain('handshake/answered: only the hash moved');
  });

  it("sees a changed helper function in a module the model imports, and ignores comments and formatting there", async () => {
    const changed = await runCli('ci', variant({ policy: 'export function mayAnswer(answers: boolean): boolean {\n  return answers === true;\n}\n' }));
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('handshake/answered: only the hash moved');
    const reformatted = await runCli('ci', variant({ policy: '// Whether the server answers.\nexport function mayAnswer(answers: boolean): boolean { return answers; } /* same code */\n' }));
    expect(reformatted.code).toBe(0);
  });

  it('fails when an expected deadlock turns into a pass, even with --update, and keeps the recorded entry', async () => {
    const file = variant({ answerGuard: '() => true' });
    const run = await runCli('ci', file);
    expect(run.code).toBe(1);
    expect(resultOf(run.stdout, 'silent')).toBe('MISMATCH');
    expect(run.stdout).toContain('handshake/silent: expected deadlock, found pass (every property holds in 7 states)');
    const update = await runCli('ci', file, '--update');
    expect(update.code).toBe(1);
    const record = JSON.parse(readFileSync(file.replace(/\.ts$/, '.proof.json'), 'utf8'));
    expect(record.configurations.silent.verdict).toBe('deadlock');
  });

  it('does not take an invariant violation for an expected deadlock', async () => {
    const run = await runCli('ci', variant({ properties: "{ askOnlyWhenAnswered: always((s) => s.actor('client').context.asked === 0 || s.actor('server').context.answers) }" }));
    expect(run.code).toBe(1);
    expect(resultOf(run.stdout, 'silent')).toBe('MISMATCH');
    expect(run.stdout).toContain("handshake/silent: expected deadlock, found invariant 'askOnlyWhenAnswered': ");
    expect(run.stdout).toContain("✗ invariant 'askOnlyWhenAnswered' violated: handshake / silent (rounds=2 answers=false) (expected deadlock)");
    expect(run.stdout).toContain('Trace (1 step, shortest):');
  });

  it('fails without a record and says how to create one; --update creates it', async () => {
    const file = variant({}, false);
    const run = await runCli('ci', file);
    expect(run.code).toBe(1);
    expect(rows(run.stdout).map((r) => r.split(/\s+/).at(-1))).toEqual(['UNRECORDED', 'UNRECORDED']);
    const record = file.replace(/\.ts$/, '.proof.json');
    expect(run.stdout).toContain(`${file}: no proof record (2 configurations unrecorded); create ${record} with 'interleave ci ${file} --update', review it and commit it`);
    expect(existsSync(record)).toBe(false);
    const update = await runCli('ci', file, '--update');
    expect(update.code).toBe(0);
    expect(update.stdout).toContain(`wrote ${record}`);
    expect(readFileSync(record, 'utf8')).toBe(readFileSync(baseRecord, 'utf8'));
  });

  it('fails on a recorded configuration the model no longer has; --update drops it', async () => {
    const file = variant({ withoutSilent: true });
    const run = await runCli('ci', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`handshake/silent: recorded in ${file.replace(/\.ts$/, '.proof.json')} but no longer a configuration of the model`);
    expect((await runCli('ci', file, '--update')).code).toBe(0);
    expect((await runCli('ci', file)).code).toBe(0);
  });

  it('names a malformed record and exits 2', async () => {
    const file = variant({});
    writeFileSync(file.replace(/\.ts$/, '.proof.json'), '{ "configurations": ');
    const run = await runCli('ci', file);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`proof record '${file.replace(/\.ts$/, '.proof.json')}' is not valid JSON`);
  });
});

describe('interleave ci: budgets', () => {
  it('a configuration over its budget is inconclusive: exit 3, never a pass, and its record is kept', async () => {
    const file = variant({ budget: '{ maxStates: 3 }' });
    const run = await runCli('ci', file);
    expect(run.code).toBe(3);
    expect(resultOf(run.stdout, 'answered')).toBe('INCONCLUSIVE');
    expect(run.stdout).toContain('handshake/answered: inconclusive (budget maxStates 3): Stopped by the state limit');
    expect(run.stdout.split('\n').at(-1)).toBe('FAILED: 1 inconclusive (of 2 configurations)');
    expect((await runCli('ci', file, '--update')).code).toBe(3);
    const record = JSON.parse(readFileSync(file.replace(/\.ts$/, '.proof.json'), 'utf8'));
    expect(record.configurations.answered.states).toBe(7);
  });

  it('a drift outranks an inconclusive run (1), a model error outranks both (2)', async () => {
    const inconclusive = variant({ budget: '{ maxStates: 3 }' });
    const drifted = variant({ thinkFirst: true });
    expect((await runCli('ci', inconclusive, drifted)).code).toBe(1);
    const all = await runCli('ci', inconclusive, drifted, 'test/fixtures/bad/no-machine-id.ts');
    expect(all.code).toBe(2);
    expect(rows(all.stdout)).toHaveLength(4);
    expect(resultOf(all.stdout.replace(/^no-machine-id /m, 'handshake '), 'only')).toBe('ERROR');
    expect(all.stdout).toContain("no-machine-id/only: actor 'subject': its machine has no explicit id");
  });
});

describe('interleave ci: output for CI services', () => {
  let junit: ReturnType<typeof parseXml>;
  let stdout: string;

  beforeAll(async () => {
    const dir = fixtureDir();
    dirs.push(dir);
    const out = join(dir, 'reports');
    // Recorded as far as it goes: `answered` is proved, `silent` is not the expected verdict.
    const invariant = variant({ properties: "{ askOnlyWhenAnswered: always((s) => s.actor('client').context.asked === 0 || s.actor('server').context.answers) }" }, false);
    expect((await runCli('ci', invariant, '--update')).code).toBe(1);
    const run = await runCli('ci', base, variant({ thinkFirst: true }), invariant, 'test/fixtures/bad/throws-on-load.ts', '--junit', join(out, 'junit.xml'));
    expect(run.code).toBe(2);
    stdout = run.stdout;
    junit = parseXml(readFileSync(join(out, 'junit.xml'), 'utf8'));
  });

  it('writes JUnit XML that parses, one test suite per model file and one test case per configuration', () => {
    expect(junit.name).toBe('testsuites');
    const suites = findAll(junit, 'testsuite');
    expect(suites.map((s) => [s.attributes.name, s.attributes.tests])).toEqual([
      ['handshake', '2'],
      ['handshake', '2'],
      ['handshake', '2'],
      ['test/fixtures/bad/throws-on-load.ts', '1'],
    ]);
    const cases = findAll(junit, 'testcase');
    expect(cases.map((c) => `${c.attributes.classname}/${c.attributes.name}`).slice(0, 2)).toEqual(['handshake/answered', 'handshake/silent']);
    expect(cases.every((c) => /^\d+\.\d{3}$/.test(c.attributes.time!))).toBe(true);
    expect(junit.attributes).toMatchObject({ tests: '7', failures: '3', errors: '1' });
    const properties = Object.fromEntries(findAll(cases[0]!, 'property').map((p) => [p.attributes.name, p.attributes.value]));
    expect(properties).toMatchObject({ expected: 'pass', verdict: 'pass', states: '7', transitions: '6', depth: '6' });
  });

  it('puts the problem, the trace and the diagnosis in the failure message', () => {
    const failures = findAll(junit, 'failure');
    expect(failures.map((f) => f.attributes.type)).toEqual(['drifted', 'drifted', 'unexpected']);
    expect(failures[0]!.attributes.message).toContain('handshake/answered: states drifted: recorded 7, now 9');
    const unexpected = failures[2]!;
    expect(unexpected.attributes.message).toContain("handshake/silent: expected deadlock, found invariant 'askOnlyWhenAnswered'");
    expect(unexpected.attributes.message).toContain('Trace (1 step, shortest):\n   0  client  starts in idle');
    expect(unexpected.attributes.message).toContain('Diagnosis:');
    expect(unexpected.text).toBe(unexpected.attributes.message);
    const error = findAll(junit, 'error')[0]!;
    expect(error.attributes.message).toBe("model file 'test/fixtures/bad/throws-on-load.ts' failed to load: the model file itself throws");
    expect(stdout).toContain('FAILED: 1 model error, 1 verdict differs, 2 records drifted (of 6 configurations)');
  });

  it('prints one JSON document per configuration with the outcome, the drifts and the hash', async () => {
    const run = await runCli('ci', base, variant({ thinkFirst: true }), '--json');
    expect(run.code).toBe(1);
    const docs = JSON.parse(run.stdout);
    expect(docs.map((d: { config: string; outcome: string }) => `${d.config} ${d.outcome}`)).toEqual(['answered proved', 'silent proved', 'answered drifted', 'silent drifted']);
    expect(docs[0]).toMatchObject({ model: 'handshake', verdict: 'pass', asExpected: true, file: base, record: baseRecord, problems: [], drifts: [], stats: { states: 7 } });
    expect(docs[2].drifts.slice(0, 3)).toEqual([
      { figure: 'states', recorded: 7, now: 9 },
      { figure: 'transitions', recorded: 6, now: 8 },
      { figure: 'depth', recorded: 6, now: 8 },
    ]);
    expect(docs[2].problems[0]).toBe('handshake/answered: states drifted: recorded 7, now 9');
  });

  it('appends a Markdown summary with the verdict table and the record problems', async () => {
    const dir = fixtureDir();
    dirs.push(dir);
    const file = join(dir, 'summary.md');
    writeFileSync(file, '# earlier step\n\n');
    expect((await runCli('ci', base, variant({ thinkFirst: true }), '--summary', file)).code).toBe(1);
    const summary = readFileSync(file, 'utf8');
    expect(summary.startsWith('# earlier step\n\n### interleave: handshake')).toBe(true);
    expect(summary).toContain('| handshake | answered | pass | ✓ pass | 7 |');
    expect(summary).toContain('#### Proof records');
    expect(summary).toContain('- handshake/answered: states drifted: recorded 7, now 9');
  });

  it('refuses an output file it cannot write before checking anything', async () => {
    const run = await runCli('ci', base, '--junit', `${baseRecord}/junit.xml`);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --junit .*junit\.xml: cannot write there/);
    expect(run.stdout).toBe('');
  });
});

describe('interleave ci: in GitHub Actions', () => {
  /** `interleave ci` with GITHUB_ACTIONS set as GitHub sets it. */
  async function inActions(...argv: string[]) {
    process.env.GITHUB_ACTIONS = 'true';
    try {
      return await runCli('ci', ...argv);
    } finally {
      delete process.env.GITHUB_ACTIONS;
    }
  }

  it('also prints one annotation per failing configuration, at the line that names it, and one for a broken file', async () => {
    const file = variant({ answerGuard: '() => true' }); // silent answers now: a pass, not the deadlock expected
    const run = await inActions(file, 'test/fixtures/bad/throws-on-load.ts');
    expect(run.code).toBe(2);
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::'));
    const lines = readFileSync(file, 'utf8').split('\n');
    const lineOf = (config: string) => lines.findIndex((line) => line.trimStart().startsWith(`${config}: {`)) + 1;
    const escapedFile = file.replace(/:/g, '%3A');
    expect(annotations.map((a) => a.slice(0, a.indexOf('::', 2)))).toEqual([
      `::error file=${escapedFile},line=${lineOf('answered')},title=interleave ci%3A handshake.ts answered`,
      `::error file=${escapedFile},line=${lineOf('silent')},title=interleave ci%3A handshake.ts silent`,
      '::error file=test/fixtures/bad/throws-on-load.ts,title=interleave ci%3A throws-on-load.ts',
    ]);
    // Each configuration's problems, one per line (%0A), as the table's problem lines say them.
    const silent = annotations[1]!.slice(annotations[1]!.indexOf('::', 2) + 2).split('%0A');
    expect(silent[0]).toBe('handshake/silent: expected deadlock, found pass (every property holds in 7 states)');
    expect(silent).toEqual(run.stdout.split('\n').filter((line) => line.startsWith('handshake/silent: ')));
  });

  it('prints none when every configuration is proved, or outside GitHub Actions, or with --json', async () => {
    expect((await inActions(base)).stdout).not.toMatch(/^::/m);
    const file = variant({ answerGuard: '() => true' });
    expect((await runCli('ci', file)).stdout).not.toMatch(/^::/m);
    const json = (await inActions(file, '--json')).stdout;
    expect(() => JSON.parse(json)).not.toThrow();
  });
});

describe('interleave ci: which files', () => {
  it('takes directories (recursively), files and globs, each file once', async () => {
    const dir = fixtureDir();
    dirs.push(dir);
    mkdirSync(join(dir, 'nested'));
    writeHandshake(join(dir, 'nested'));
    copyFileSync(baseRecord, join(dir, 'nested', 'handshake.proof.json'));
    writeFileSync(join(dir, 'nested', '_helper.ts'), 'export {};\n');
    const run = await runCli('ci', dir, `${dir}/**/*.ts`, `${dir}/nested/hand*.ts`, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).map((d: { file: string }) => d.file)).toEqual([join(dir, 'nested', 'handshake.ts'), join(dir, 'nested', 'handshake.ts')]);
  });

  it('says when a path or a glob names no model file (exit 2)', async () => {
    expect((await runCli('ci', 'models/nothing-*.ts')).stderr).toContain("error: no model files in 'models/nothing-*.ts'");
    const missing = await runCli('ci', 'no-such-dir');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: cannot find 'no-such-dir'");
  });

  it('the installed command agrees with the test runner on every hash (records written by one are proved by the other)', () => {
    const cli = spawnSync(process.execPath, ['bin/interleave.mjs', 'ci', base, 'models/print-spooler.ts', '--json'], { encoding: 'utf8' });
    const docs = JSON.parse(cli.stdout) as { model: string; outcome: string; problems: string[] }[];
    const handshake = docs.filter((d) => d.model === 'handshake');
    expect(handshake.map((d) => d.outcome)).toEqual(['proved', 'proved']);
    expect(docs.find((d) => d.model === 'print-spooler')?.outcome).toBe('proved');
  });
});
