/**
 * The static parts of the HTML report: the verdict and statistics, the diagnosis, and the
 * trace as a clickable list. Plain functions from data to escaped HTML.
 */
import type { Diagnosis, Trace } from '../../checker/result.ts';
import type { ConfigurationRun } from '../../model/checkModel.ts';
import { expectedVerdict } from '../../model/defineModel.ts';
import { describeStep, formatEvent, formatHeadline } from '../text.ts';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `pass`, `violation` or `inconclusive`: the verdict's colour. */
export function verdictTone(kind: string): string {
  return kind === 'pass' ? 'pass' : kind === 'inconclusive' ? 'inconclusive' : 'violation';
}

/** The title, the verdict headline, how to reproduce it, and the statistics table. */
export function verdictSection(run: ConfigurationRun, command: string | undefined): string {
  const { verdict, stats } = run.result;
  const n = (x: number) => x.toLocaleString('en-US');
  const label =
    verdict.kind === 'invariant' ? `invariant '${verdict.property}' violated` : verdict.kind === 'unreachable' ? `'${verdict.property}' unreachable` : verdict.kind;
  const parameters = Object.entries(run.parameters).map(([k, v]) => `${k}=${v}`).join(' ') || 'none';
  const rows: [string, string][] = [
    ['expected', `${expectedVerdict(run.expected)}${run.asExpected ? ' (as expected)' : ' (differs)'}`],
    ['parameters', parameters],
    ['states', n(stats.states)],
    ['transitions', n(stats.transitions)],
    ['depth', String(stats.depth)],
    ['seconds', stats.seconds.toFixed(2)],
    ['states/s', n(stats.statesPerSecond)],
    ['bytes/state', n(stats.bytesPerState)],
    ['store', [run.result.store, ...run.result.reductions].join(', ')],
  ];
  const reproduce = command ? `<p>Reproduce: <code>${escapeHtml(command)}</code></p>` : '';
  const message = verdict.kind === 'inconclusive' || verdict.kind === 'unreachable' ? `<p>${escapeHtml(verdict.message)}</p>` : '';
  return [
    `<h1>${escapeHtml(run.model)} / ${escapeHtml(run.config)} <span class="verdict ${verdictTone(verdict.kind)}" id="verdict">${escapeHtml(label)}</span></h1>`,
    `<p class="headline">${escapeHtml(formatHeadline(run))}</p>`,
    reproduce,
    message,
    '<table class="stats"><tbody>',
    ...rows.map(([k, v]) => `<tr><th>${k}</th><td class="${/^[\d,.]+$/.test(v) ? 'num' : ''}">${escapeHtml(v)}</td></tr>`),
    '</tbody></table>',
  ].join('\n');
}

/** The diagnosis: its summary, the wait-for cycle, the stuck actors, dropped messages and hints. */
export function diagnosisSection(diagnosis: Diagnosis): string {
  const parts = ['<h2 id="diagnosis">Diagnosis</h2>', `<p id="diagnosis-summary">${escapeHtml(diagnosis.summary)}</p>`];
  if (diagnosis.cycle.length > 0) {
    parts.push(`<p>Wait-for cycle: <span class="cycle" id="cycle">${diagnosis.cycle.map(escapeHtml).join(' → ')}</span></p>`);
  }
  if (diagnosis.actors.length > 0) {
    parts.push('<table class="stuck"><thead><tr><th>actor</th><th>state</th><th>waits for</th><th>mailbox</th><th>end state?</th></tr></thead><tbody>');
    for (const a of diagnosis.actors) {
      const mailbox = a.mailbox.map((m) => `${formatEvent(m.event)}${m.deferred ? ' (deferred)' : ''}`).join(', ') || '(empty)';
      const end = a.final ? 'final' : a.resting ? 'resting' : 'no';
      parts.push(
        `<tr data-actor="${escapeHtml(a.actor)}"><td>${escapeHtml(a.actor)}</td><td>${escapeHtml(a.state)}</td><td>${escapeHtml(a.waitsFor.join(', ') || '—')}</td><td>${escapeHtml(mailbox)}</td><td>${end}</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
  }
  if (diagnosis.dropped.length > 0) {
    parts.push('<h4>Dropped or ignored on the way</h4><ul>');
    for (const d of diagnosis.dropped) parts.push(`<li>step ${d.step}: ${escapeHtml(d.actor)} dropped ${escapeHtml(formatEvent(d.event))} (${escapeHtml(d.reason)})</li>`);
    parts.push('</ul>');
  }
  if (diagnosis.hints.length > 0) {
    parts.push('<h4>Hints</h4><ol class="hints">', ...diagnosis.hints.map((h) => `<li>${escapeHtml(h)}</li>`), '</ol>');
  }
  return parts.join('\n');
}

/** The trace as the text report prints it, one clickable line per step (`data-step`). */
export function traceList(trace: Trace): string {
  const items = [`<li data-step="0">0. initial state: ${escapeHtml(trace.initial.map((s) => `${s.actor} in ${s.state.label}`).join(', '))}</li>`];
  trace.steps.forEach((step, i) => {
    if (i === trace.cycleStart) items.push('<li class="lasso">┌─ cycle: the steps below repeat forever</li>');
    const failed = step.outcome === 'unhandled' || step.outcome === 'overflow' || step.outcome === 'ignored' || step.drops.length > 0;
    items.push(`<li data-step="${i + 1}"${failed ? ' class="failed"' : ''}>${i + 1}. ${escapeHtml(step.actor)} ${escapeHtml(describeStep(step))}</li>`);
  });
  if (trace.cycleStart !== undefined) {
    items.push(
      trace.cycleStart === trace.steps.length
        ? '<li class="lasso">── then no step is enabled: the system stays in this state forever</li>'
        : `<li class="lasso">└─ back to the state before step ${trace.cycleStart + 1}, forever</li>`,
    );
  }
  return `<ol class="trace mono">\n${items.join('\n')}\n</ol>`;
}
