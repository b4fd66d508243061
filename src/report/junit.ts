/**
 * JUnit XML for CI services (`interleave ci --junit FILE`): one `<testsuite>` per model file,
 * one `<testcase classname="model" name="config">` per configuration. A configuration that
 * fails CI (a verdict differs, a record drifted or is missing, the run was inconclusive) has a
 * `<failure>` whose message and body hold the problems, the trace and the diagnosis; a model
 * error is an `<error>`. Each case carries its figures as `<properties>` and its report as
 * `<system-out>`.
 */
import type { ConfigurationProof, ModelProof } from '../model/reproveModel.ts';
import { staleProblems } from '../model/reproveModel.ts';
import { expectedVerdict, type Expectation } from '../model/defineModel.ts';
import { describeConfigurationFailure } from './ciText.ts';
import { formatRun } from './text.ts';

interface Case {
  readonly name: string;
  readonly seconds: number;
  readonly properties: readonly (readonly [string, string])[];
  readonly failure?: { readonly kind: 'failure' | 'error'; readonly type: string; readonly text: string };
  readonly output?: string;
}

/**
 * The JUnit XML document of a `ci` run.
 *
 * @example
 * ```ts
 * writeFileSync('junit.xml', createJUnitReport(proofs));
 * ```
 */
export function createJUnitReport(proofs: readonly ModelProof[], update = false): string {
  const suites = proofs.map((proof) => {
    if (proof.kind === 'error') {
      return { name: proof.file, file: proof.file, cases: [{ name: '(load)', seconds: 0, properties: [], failure: { kind: 'error' as const, type: 'model-error', text: proof.message } }] };
    }
    const cases: Case[] = proof.configurations.map((c) => toCase(proof.model.configurations[c.config]?.expect, c));
    const stale = staleProblems(proof, update);
    proof.stale.forEach((config, i) => {
      const text = stale[i];
      if (text) cases.push({ name: `${config} (recorded, no longer in the model)`, seconds: 0, properties: [], failure: { kind: 'failure', type: 'stale', text } });
    });
    return { name: proof.model.name, file: proof.file, cases };
  });
  const all = suites.flatMap((s) => s.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="interleave ci"${counts(all)}>`,
  ];
  for (const suite of suites) {
    lines.push(`  <testsuite name="${attr(suite.name)}" file="${attr(suite.file)}"${counts(suite.cases)}>`);
    for (const c of suite.cases) lines.push(...formatCase(suite.name, suite.file, c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function toCase(expect: Expectation | undefined, c: ConfigurationProof): Case {
  if (c.kind === 'error') {
    const properties = expect ? [['expected', expectedVerdict(expect)] as const] : [];
    return { name: c.config, seconds: 0, properties, failure: { kind: 'error', type: 'model-error', text: c.message } };
  }
  const { verdict, stats, store, reductions } = c.run.result;
  const properties: [string, string][] = [
    ['expected', expectedVerdict(c.run.expected)],
    ['verdict', verdict.kind],
    ...('property' in verdict ? [['property', verdict.property] as [string, string]] : []),
    ['states', String(stats.states)],
    ['transitions', String(stats.transitions)],
    ['depth', String(stats.depth)],
    ['store', [store, ...reductions].join(', ')],
    ['hash', c.hash],
  ];
  const failed = c.kind !== 'proved';
  return {
    name: c.config,
    seconds: stats.seconds,
    properties,
    ...(failed ? { failure: { kind: 'failure' as const, type: c.kind, text: describeConfigurationFailure(c) } } : {}),
    output: formatRun(c.run),
  };
}

function formatCase(classname: string, file: string, c: Case): string[] {
  const lines = [`    <testcase classname="${attr(classname)}" name="${attr(c.name)}" file="${attr(file)}" time="${c.seconds.toFixed(3)}">`];
  if (c.properties.length > 0) {
    lines.push('      <properties>');
    for (const [name, value] of c.properties) lines.push(`        <property name="${attr(name)}" value="${attr(value)}"/>`);
    lines.push('      </properties>');
  }
  if (c.failure) {
    const { kind, type, text } = c.failure;
    lines.push(`      <${kind} message="${attr(text)}" type="${attr(type)}">${body(text)}</${kind}>`);
  }
  if (c.output) lines.push(`      <system-out>${body(c.output)}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

function counts(cases: readonly Case[]): string {
  const failures = cases.filter((c) => c.failure?.kind === 'failure').length;
  const errors = cases.filter((c) => c.failure?.kind === 'error').length;
  const seconds = cases.reduce((sum, c) => sum + c.seconds, 0);
  return ` tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds.toFixed(3)}"`;
}

/** Characters XML 1.0 cannot hold at all (control characters other than tab, newline, return). */
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for element content. */
function body(text: string): string {
  return text.replace(INVALID, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes text for a double-quoted attribute, keeping line breaks (`&#10;`) that parsers would otherwise fold. */
function attr(text: string): string {
  return body(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
