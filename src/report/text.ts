/**
 * Human-readable reports: the verdict headline, the trace in the style of a driver's log, the
 * diagnosis and numbered hints (style.md §4: headline, details, hints).
 */
import type { EventObject } from 'xstate';
import { canonicalJson } from '../system/_internals/plainData.ts';
import type { CheckResult, Diagnosis, Stats, Trace, TraceStep } from '../checker/result.ts';
import type { Coverage, MachineCoverage } from '../checker/coverage.ts';
import type { ConfigurationRun } from '../model/checkModel.ts';
import { expectedVerdict } from '../model/defineModel.ts';

/** The whole report of one configuration run. */
export function formatRun(run: ConfigurationRun, options: { logOnly?: boolean; example?: string } = {}): string {
  const { verdict } = run.result;
  const lines = [formatHeadline(run)];
  if (verdict.kind === 'inconclusive') {
    lines.push('', indent(verdict.message));
  } else if (verdict.kind === 'unreachable') {
    lines.push('', indent(verdict.message), '', ...formatUnreachableHints());
  } else if (verdict.kind !== 'pass') {
    const { trace } = verdict;
    lines.push('', options.logOnly ? 'Driver log:' : `Trace (${stepCount(trace)}, ${traceKind(run.result, trace)}):`);
    lines.push(...(options.logOnly ? formatDriverLog(trace) : formatTrace(trace)));
    lines.push('', ...formatDiagnosis(verdict.diagnosis), '', replayPath(trace));
  }
  const reached = formatExamples(run.result.examples ?? {});
  if (reached.length > 0) lines.push('', ...reached);
  const example = options.example === undefined ? undefined : run.result.examples?.[options.example];
  if (example) {
    lines.push('', `Example: how ${options.example} is reached (${stepCount(example)}, ${traceKind(run.result, example)}):`);
    lines.push(...(options.logOnly ? formatDriverLog(example) : formatTrace(example)), '', replayPath(example));
  }
  lines.push('', formatStats(run.result));
  if (run.result.coverage) lines.push('', ...formatCoverage(run.result.coverage));
  return lines.join('\n');
}

/** The `reachable` properties reached, with the length of the shortest path found to each. */
export function formatExamples(examples: Readonly<Record<string, Trace>>): string[] {
  const reached = Object.entries(examples);
  if (reached.length === 0) return [];
  return [
    'Reached:',
    ...reached.map(([name, trace]) => `  ${name}: after ${stepCount(trace)} (--example ${name} prints them)`),
  ];
}

function stepCount(trace: Trace): string {
  return `${trace.steps.length} step${trace.steps.length === 1 ? '' : 's'}`;
}

/** The step indices that replay `trace` (`interleave replay --path`). */
function replayPath(trace: Trace): string {
  return `Replay path: ${trace.steps.map((s) => s.index).join(',') || '(initial state)'}`;
}

function formatUnreachableHints(): string[] {
  return [
    'Hints:',
    '  1. Invariants that pass in such a model may pass vacuously: the scenario this property',
    '     describes never plays out. Look for a guard that never holds or a message nobody sends.',
    '  2. check --coverage lists the states and transitions no reachable state takes.',
  ];
}

/**
 * Per machine: how many of its states and event transitions were reached, and which were not.
 * `scope` says what was explored (by default: every reachable state, or the search so far).
 */
export function formatCoverage(coverage: Coverage, scope?: string): string[] {
  const sum = (count: (m: MachineCoverage) => number) => coverage.machines.reduce((total, m) => total + count(m), 0);
  const states = (m: MachineCoverage) => m.states.total - m.states.unreached.length;
  const transitions = (m: MachineCoverage) => m.transitions.total - m.transitions.untaken.length;
  const explored = scope ?? (coverage.complete ? 'every reachable state' : 'partial: the search stopped before it explored every state');
  const lines = [`Coverage (${explored}): ${sum(states)}/${sum((m) => m.states.total)} states, ${sum(transitions)}/${sum((m) => m.transitions.total)} transitions`];
  for (const m of coverage.machines) {
    lines.push(`  ${m.machine} (${m.actors.join(', ')}): ${states(m)}/${m.states.total} states, ${transitions(m)}/${m.transitions.total} transitions`);
    if (m.transitions.raised) lines.push(`    not counted: transitions on the events it raises itself (${m.transitions.raised.join(', ')})`);
    for (const state of m.states.unreached) lines.push(`    never reached: state ${state}`);
    for (const t of m.transitions.untaken) {
      const branch = t.branch === undefined ? '' : ` [branch ${t.branch}${t.guard === undefined ? '' : `, guard ${t.guard}`}]`;
      const targets = t.targets.length === 0 ? '' : ` → ${t.targets.join(', ')}`;
      lines.push(`    never taken: ${t.state} ${trigger(t.event)}${branch}${targets}`);
    }
  }
  return lines;
}

export function formatHeadline(run: ConfigurationRun): string {
  const { verdict } = run.result;
  const parameters = Object.entries(run.parameters)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const what = `${run.model} / ${run.config}${parameters ? ` (${parameters})` : ''}`;
  const expected = run.asExpected ? ' (as expected)' : ` (expected ${expectedVerdict(run.expected)})`;
  switch (verdict.kind) {
    case 'pass':
      return `✓ pass: ${what}: every property holds in all ${run.result.stats.states.toLocaleString('en-US')} states${expected}`;
    case 'inconclusive':
      return `? inconclusive: ${what}${expected}`;
    case 'unreachable':
      return `✗ unreachable '${verdict.property}': ${what}${expected}`;
    case 'invariant':
    case 'liveness': {
      const item = verdict.item === undefined ? '' : ` for ${canonicalJson(verdict.item)}`;
      return `✗ ${verdict.kind} '${verdict.property}' violated${item}: ${what}${expected}`;
    }
    default:
      return `✗ ${verdict.kind}: ${what}${expected}`;
  }
}

/** Each actor's start, then one line per step with the step's log lines under it. */
export function formatTrace(trace: Trace): string[] {
  const width = Math.max(...trace.initial.map((s) => s.actor.length));
  const lines: string[] = [];
  for (const start of trace.initial) {
    lines.push(`   0  ${start.actor.padEnd(width)}  starts in ${start.state.label}${formatSends(start.sends)}`);
    for (const log of start.logs) lines.push(`        ${log.text} - ${log.source}`);
  }
  trace.steps.forEach((step, i) => {
    if (i === trace.cycleStart) lines.push(CYCLE_START);
    lines.push(`${String(i + 1).padStart(4)}  ${step.actor.padEnd(width)}  ${describeStep(step)}`);
    for (const log of step.logs) lines.push(`        ${log.text} - ${log.source}`);
    for (const reason of step.drops) lines.push(`        dropped ${step.event.type}: ${reason}`);
  });
  lines.push(...cycleEnd(trace));
  return lines;
}

const CYCLE_START = '      ┌─ cycle: the steps below repeat forever';

/** The line that closes a liveness lasso, if the trace is one. */
function cycleEnd(trace: Trace): string[] {
  if (trace.cycleStart === undefined) return [];
  if (trace.cycleStart === trace.steps.length) return ['      ── then no step is enabled: the system stays in this state forever'];
  return [`      └─ back to the state before step ${trace.cycleStart + 1}, forever`];
}

/** Only the log lines, each with the actor that wrote it: the style of a kext's or dext's log. */
export function formatDriverLog(trace: Trace): string[] {
  const lines: string[] = [];
  for (const start of trace.initial) for (const log of start.logs) lines.push(`${log.text} - ${log.source}`);
  trace.steps.forEach((step, i) => {
    if (i === trace.cycleStart) lines.push(CYCLE_START.trim());
    for (const log of step.logs) lines.push(`${log.text} - ${log.source}`);
    for (const reason of step.drops) lines.push(`dropped ${step.event.type} (${reason}) - ${step.actor}`);
    if (step.outcome === 'unhandled' || step.outcome === 'overflow') lines.push(`${describeStep(step)} - ${step.actor}`);
  });
  lines.push(...cycleEnd(trace).map((line) => line.trim()));
  return lines;
}

/** One step as the trace prints it: `takes granted → eating; sends release to fork0`. */
export function describeStep(step: TraceStep): string {
  const event = formatEvent(step.event);
  switch (step.outcome) {
    case 'unhandled':
      return `cannot handle ${event} in ${step.state.label}: UNHANDLED`;
    case 'ignored':
      return `ignores ${event} in ${step.state.label}`;
    case 'overflow':
      return `${step.kind === 'choose' ? 'chooses' : 'takes'} ${event} → ${step.state.label}${formatSends(step.sends)}: MAILBOX OVERFLOW`;
    default:
      return `${step.kind === 'choose' ? 'chooses' : 'takes'} ${event} → ${step.state.label}${formatSends(step.sends)}`;
  }
}

function formatSends(sends: readonly { to: string; event: EventObject }[]): string {
  if (sends.length === 0) return '';
  return `; sends ${sends.map((s) => `${formatEvent(s.event)} to ${s.to}`).join(', ')}`;
}

/** `type` plus a compact payload: `take {by: phil0}`. */
export function formatEvent(event: EventObject): string {
  const { type, ...payload } = event as EventObject & Record<string, unknown>;
  const entries = Object.entries(payload).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return type;
  return `${type} {${entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ')}}`;
}

export function formatDiagnosis(diagnosis: Diagnosis): string[] {
  const lines = ['Diagnosis:', indent(diagnosis.summary)];
  if (diagnosis.hints.length > 0) {
    lines.push('', 'Hints:');
    diagnosis.hints.forEach((hint, i) => lines.push(`  ${i + 1}. ${hint}`));
  }
  return lines;
}

export function formatStats(result: CheckResult): string {
  const s: Stats = result.stats;
  const n = (x: number) => x.toLocaleString('en-US');
  const store = [
    result.collisionProbability === undefined ? result.store : `${result.store}, P(collision) ≤ ${result.collisionProbability.toPrecision(2)}`,
    // How much partial-order reduction did: on models whose actors all interfere, nothing.
    ...result.reductions.map((reduction) =>
      reduction !== 'partial-order' || s.ampleStates === undefined
        ? reduction
        : s.ampleStates === 0
          ? 'partial-order (no ample set found)'
          : `partial-order (ample sets in ${n(s.ampleStates)} state${s.ampleStates === 1 ? '' : 's'})`,
    ),
    ...(result.fairness ? [`${result.fairness} fairness`] : []),
    ...(result.workers ? [`${result.workers} workers`] : []),
  ].join(', ');
  const followed = s.stepsFollowed === undefined ? '' : ` (${n(s.stepsFollowed)} followed: sleep sets)`;
  return (
    `states ${n(s.states)}, transitions ${n(s.transitions)}${followed}, depth ${s.depth}, ${s.seconds.toFixed(2)} s, ` +
    `${n(s.statesPerSecond)} states/s, ${n(s.bytesPerState)} bytes/state (${store})`
  );
}

/**
 * What the trace is: breadth-first search finds a shortest one, which symmetry, sleep sets and
 * workers keep, but partial-order reduction, where it expanded an actor alone, may not; a
 * liveness counterexample is a lasso.
 */
function traceKind(result: CheckResult, trace: Trace): string {
  if (trace.cycleStart !== undefined) return 'a lasso';
  if ((result.stats.ampleStates ?? 0) > 0) return 'partial-order reduction may have made it longer: --no-por for the shortest';
  return 'shortest';
}

/** What fires a transition: `on EVENT`, or `after 1000ms` for XState's timer events (`xstate.after.1000.…`). */
function trigger(event: string): string {
  const delay = /^xstate\.after\.([^.]+)\./.exec(event)?.[1];
  if (delay === undefined) return `on ${event}`;
  return `after ${/^\d+$/.test(delay) ? `${delay}ms` : delay}`;
}

/** Wraps a paragraph at about 100 columns, indented by two spaces. */
export function indent(text: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => `  ${l}`).join('\n');
}
