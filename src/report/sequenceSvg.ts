/**
 * Draws a {@link SequenceDiagram} as SVG for the HTML report, so that the report needs no
 * Mermaid runtime and no network. The layout follows Mermaid's: lanes left to right, one row
 * per message or note, activation bars while an actor is blocked, shaded blocks for the
 * wait-for cycle and the violation. Each row is a `<g class="row" data-step="N">`, so the
 * step-through view can highlight the rows of the current step.
 *
 * @example
 * ```ts
 * const svg = sequenceToSvg(createSequenceDiagram(violation, replayTrace(compiled, violation.trace)));
 * ```
 */
import type { MessageStyle, SequenceDiagram, SequenceItem } from './sequence.ts';

const CHAR = 6.6; // average width of a 12px sans-serif character
const LANE_MIN = 110;
const HEAD = 44;
const ROW = { message: 34, note: 30 };
const FAILED: ReadonlySet<MessageStyle> = new Set(['ignored', 'dropped', 'unhandled', 'overflow']);

interface Layout {
  readonly x: ReadonlyMap<string, number>;
  readonly width: number;
}

/** The whole diagram as one `<svg>` element. */
export function sequenceToSvg(diagram: SequenceDiagram): string {
  const layout = laneLayout(diagram);
  const body: string[] = [];
  const backgrounds: string[] = [];
  const bars: string[] = [];
  const open = new Map<string, number>();
  let y = HEAD + 16;

  // Rows of the closing part (messages still queued, the violation's block) are not a step's rows.
  const draw = (items: readonly SequenceItem[], closing: boolean) => {
    for (const item of items) {
      switch (item.kind) {
        case 'message':
          body.push(message(item, layout, y, closing || item.style === 'queued'));
          y += ROW.message;
          break;
        case 'note':
          body.push(note(item, layout, y, closing));
          y += ROW.note;
          break;
        case 'activate':
          open.set(item.actor, y - 6);
          break;
        case 'deactivate': {
          const from = open.get(item.actor) ?? y;
          open.delete(item.actor);
          bars.push(`<rect class="activation" x="${layout.x.get(item.actor)! - 4}" y="${from}" width="8" height="${Math.max(4, y - from)}"/>`);
          break;
        }
        case 'group': {
          const top = y;
          y += 8;
          draw(item.items, item.tone !== 'lasso');
          y += 4;
          const label = item.tone === 'lasso' ? `<text class="group-label" x="8" y="${top + 12}">${text(item.label)}</text>` : '';
          backgrounds.push(`<g class="group ${item.tone}" data-step="${item.step}"><rect x="2" y="${top}" width="${layout.width - 4}" height="${y - top}"/>${label}</g>`);
          y += 6;
          break;
        }
      }
    }
  };
  draw(diagram.items, false);
  for (const [actor, from] of open) bars.push(`<rect class="activation" x="${layout.x.get(actor)! - 4}" y="${from}" width="8" height="${y - from}"/>`);

  const height = y + HEAD;
  const lanes = diagram.participants.map((p) => {
    const x = layout.x.get(p)!;
    const w = Math.max(80, p.length * CHAR + 20);
    const head = (top: number) => `<rect class="participant" x="${x - w / 2}" y="${top}" width="${w}" height="30" rx="4"/><text class="participant-name" x="${x}" y="${top + 19}">${text(p)}</text>`;
    return `<g class="lane" data-actor="${attribute(p)}"><line x1="${x}" y1="${38}" x2="${x}" y2="${height - 38}"/>${head(6)}${head(height - 36)}</g>`;
  });
  return [
    `<svg class="sequence" xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${height}" viewBox="0 0 ${layout.width} ${height}">`,
    '<defs>',
    '<marker id="seq-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>',
    '<marker id="seq-open" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none" stroke="currentColor"/></marker>',
    '<marker id="seq-cross" viewBox="0 0 10 10" refX="5" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto"><path d="M1,1 L9,9 M9,1 L1,9" stroke="currentColor" stroke-width="2"/></marker>',
    '</defs>',
    ...backgrounds,
    ...lanes,
    ...bars,
    ...body,
    '</svg>',
  ].join('\n');
}

function laneLayout(diagram: SequenceDiagram): Layout {
  const n = diagram.participants.length;
  // gaps[k]: the space before lane k (gaps[0] the left margin, gaps[n] the right margin), wide
  // enough for the longest message or note it has to hold.
  const gaps = [Math.max(60, ...diagram.participants.slice(0, 1).map((p) => (p.length * CHAR) / 2 + 20)), ...diagram.participants.slice(1).map(() => LANE_MIN), LANE_MIN];
  const index = new Map(diagram.participants.map((p, i) => [p, i]));
  const widen = (items: readonly SequenceItem[]) => {
    for (const item of items) {
      if (item.kind === 'group') widen(item.items);
      if (item.kind !== 'message' && item.kind !== 'note') continue;
      const ends = item.kind === 'message' ? [item.from, item.to] : item.actors;
      const a = Math.min(...ends.map((e) => index.get(e)!));
      const b = Math.max(...ends.map((e) => index.get(e)!));
      const need = item.text.length * CHAR + 24;
      if (a !== b) {
        for (let k = a + 1; k <= b; k++) gaps[k] = Math.max(gaps[k]!, need / (b - a));
      } else if (item.kind === 'message') {
        gaps[a + 1] = Math.max(gaps[a + 1]!, need + 56); // a self message's loop and label sit to the right
      } else {
        gaps[a] = Math.max(gaps[a]!, need / 2 + 10);
        gaps[a + 1] = Math.max(gaps[a + 1]!, need / 2 + 10);
      }
    }
  };
  widen(diagram.items);
  const x = new Map<string, number>();
  let at = 0;
  diagram.participants.forEach((p, i) => {
    at += gaps[i]!;
    x.set(p, at);
  });
  return { x, width: Math.ceil(at + gaps[n]!) };
}

function message(item: Extract<SequenceItem, { kind: 'message' }>, layout: Layout, y: number, closing: boolean): string {
  const x1 = layout.x.get(item.from)!;
  const x2 = layout.x.get(item.to)!;
  const marker = FAILED.has(item.style) ? 'seq-cross' : item.style === 'queued' ? 'seq-open' : 'seq-arrow';
  const lineY = y + 20;
  let path: string;
  let labelX: number;
  if (x1 === x2) {
    path = `M${x1},${lineY - 6} C${x1 + 44},${lineY - 10} ${x1 + 44},${lineY + 10} ${x1 + 4},${lineY + 8}`;
    labelX = x1 + 50;
  } else {
    const end = x2 > x1 ? x2 - 5 : x2 + 5;
    path = `M${x1},${lineY} L${end},${lineY}`;
    labelX = (x1 + x2) / 2;
  }
  const anchor = x1 === x2 ? 'start' : 'middle';
  return (
    `<g class="row message ${item.style}${closing ? ' closing' : ''}" data-step="${item.step}">` +
    `<path d="${path}" marker-end="url(#${marker})"/>` +
    `<text x="${labelX}" y="${x1 === x2 ? lineY + 4 : lineY - 6}" text-anchor="${anchor}">${text(item.text)}</text></g>`
  );
}

function note(item: Extract<SequenceItem, { kind: 'note' }>, layout: Layout, y: number, closing: boolean): string {
  const xs = item.actors.map((a) => layout.x.get(a)!);
  const left = Math.min(...xs);
  const right = Math.max(...xs);
  const width = Math.max(right - left + 40, item.text.length * CHAR + 16);
  const x = (left + right) / 2 - width / 2;
  return (
    `<g class="row note ${item.tone}${closing ? ' closing' : ''}" data-step="${item.step}">` +
    `<rect x="${x}" y="${y + 3}" width="${width}" height="${ROW.note - 8}" rx="2"/>` +
    `<text x="${(left + right) / 2}" y="${y + 18}" text-anchor="middle">${text(item.text)}</text></g>`
  );
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;');
}
