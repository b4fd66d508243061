/**
 * Small parsers for the Mermaid and DOT that src/report writes, so that tests check the
 * structure of diagrams (states, nesting, transitions, classes, arrows, blocks), not only
 * snapshots. Each parser throws on a line it does not know: the writers may only use syntax
 * these parsers (and the renderers behind them) understand.
 */

/** Mermaid entity codes back to characters. */
export function decodeMermaid(text: string): string {
  const named: Record<string, string> = { quot: '"', lt: '<', gt: '>', amp: '&' };
  return text.replace(/#(\w+);/g, (whole, code: string) => (/^\d+$/.test(code) ? String.fromCharCode(Number(code)) : (named[code] ?? whole)));
}

export interface ParsedStateDiagram {
  /** By Mermaid id: the display name, the enclosing composite's id (`''` at top level), description lines. */
  readonly states: Map<string, { name: string; parent: string; composite: boolean; lines: string[] }>;
  readonly transitions: { from: string; to: string; label: string; block: string }[];
  /** Initial state of each block (`''` for the top level). */
  readonly initial: Map<string, string>;
  readonly finals: Set<string>;
  readonly classes: Map<string, Set<string>>;
  /** Composite ids whose block holds `--` (concurrent regions). */
  readonly parallel: Set<string>;
}

export function parseStateDiagram(text: string): ParsedStateDiagram {
  const lines = text.split('\n');
  if (lines[0] !== 'stateDiagram-v2') throw new Error(`not a stateDiagram-v2: ${lines[0]}`);
  const parsed: ParsedStateDiagram = { states: new Map(), transitions: [], initial: new Map(), finals: new Set(), classes: new Map(), parallel: new Set() };
  const stack = [''];
  const top = () => stack[stack.length - 1]!;
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if (line === '' || line.startsWith('%%') || line.startsWith('classDef ')) continue;
    if ((m = /^state "([^"]*)" as (\w+)( \{)?$/.exec(line))) {
      parsed.states.set(m[2]!, { name: decodeMermaid(m[1]!), parent: top(), composite: !!m[3], lines: [] });
      if (m[3]) stack.push(m[2]!);
    } else if (line === '}') {
      stack.pop();
    } else if (line === '--') {
      parsed.parallel.add(top());
    } else if ((m = /^\[\*\] --> (\w+)$/.exec(line))) {
      parsed.initial.set(top(), m[1]!);
    } else if ((m = /^(\w+) --> \[\*\]$/.exec(line))) {
      parsed.finals.add(m[1]!);
    } else if ((m = /^(\w+) --> (\w+) : (.*)$/.exec(line))) {
      parsed.transitions.push({ from: m[1]!, to: m[2]!, label: decodeMermaid(m[3]!), block: top() });
    } else if ((m = /^class ([\w,]+) (\w+)$/.exec(line))) {
      for (const id of m[1]!.split(',')) parsed.classes.set(id, new Set([...(parsed.classes.get(id) ?? []), m[2]!]));
    } else if ((m = /^(\w+) : (.*)$/.exec(line))) {
      const state = parsed.states.get(m[1]!);
      if (!state) throw new Error(`description of an undeclared state: ${line}`);
      state.lines.push(decodeMermaid(m[2]!));
    } else {
      throw new Error(`unknown stateDiagram line: ${line}`);
    }
  }
  if (stack.length !== 1) throw new Error('unbalanced blocks');
  return parsed;
}

export type SequenceLine =
  | { kind: 'message'; from: string; arrow: string; to: string; text: string; blocks: string[] }
  | { kind: 'note'; over: string[]; text: string; blocks: string[] }
  | { kind: 'activate' | 'deactivate'; actor: string; blocks: string[] };

export interface ParsedSequence {
  readonly participants: string[];
  readonly lines: SequenceLine[];
}

/** Parses a `sequenceDiagram`; `blocks` is the stack of open `rect …` / `loop …` blocks around a line. */
export function parseSequence(text: string): ParsedSequence {
  const lines = text.split('\n');
  if (lines[0] !== 'sequenceDiagram') throw new Error(`not a sequenceDiagram: ${lines[0]}`);
  const parsed: ParsedSequence = { participants: [], lines: [] };
  const blocks: string[] = [];
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^participant (\w+)$/.exec(line))) parsed.participants.push(m[1]!);
    else if ((m = /^(\w+)(->>|-x|--\)|-->>)(\w+): (.*)$/.exec(line))) {
      parsed.lines.push({ kind: 'message', from: m[1]!, arrow: m[2]!, to: m[3]!, text: decodeMermaid(m[4]!), blocks: [...blocks] });
    } else if ((m = /^Note over (\w+(?:,\w+)?): (.*)$/.exec(line))) {
      parsed.lines.push({ kind: 'note', over: m[1]!.split(','), text: decodeMermaid(m[2]!), blocks: [...blocks] });
    } else if ((m = /^(activate|deactivate) (\w+)$/.exec(line))) {
      parsed.lines.push({ kind: m[1] as 'activate' | 'deactivate', actor: m[2]!, blocks: [...blocks] });
    } else if (/^(rect|loop) /.test(line)) blocks.push(line);
    else if (line === 'end') {
      if (!blocks.pop()) throw new Error('end without a block');
    } else throw new Error(`unknown sequenceDiagram line: ${line}`);
  }
  if (blocks.length > 0) throw new Error('unclosed block');
  return parsed;
}

export interface ParsedDot {
  /** Nodes by name: attributes and the clusters around them, innermost last. */
  readonly nodes: Map<string, { attributes: Record<string, string>; clusters: string[] }>;
  readonly clusters: Map<string, { attributes: Record<string, string>; parents: string[] }>;
  readonly edges: { from: string; to: string; attributes: Record<string, string> }[];
  readonly graph: Record<string, string>;
}

/** Parses the one-statement-per-line DOT that dot.ts writes. */
export function parseDot(text: string): ParsedDot {
  const lines = text.split('\n');
  if (!/^digraph "[^"]*" \{$/.test(lines[0]!)) throw new Error(`not a digraph: ${lines[0]}`);
  const parsed: ParsedDot = { nodes: new Map(), clusters: new Map(), edges: [], graph: {} };
  const stack: string[] = [];
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if (line === '}') {
      stack.pop();
    } else if ((m = /^subgraph "([^"]+)" \{$/.exec(line))) {
      parsed.clusters.set(m[1]!, { attributes: {}, parents: [...stack] });
      stack.push(m[1]!);
    } else if ((m = /^(graph|node|edge) \[(.*)\];$/.exec(line))) {
      const attributes = parseAttributes(m[2]!);
      if (m[1] === 'graph') Object.assign(stack.length > 0 ? parsed.clusters.get(stack[stack.length - 1]!)!.attributes : parsed.graph, attributes);
    } else if ((m = /^"((?:[^"\\]|\\.)*)" -> "((?:[^"\\]|\\.)*)"(?: \[(.*)\])?;$/.exec(line))) {
      parsed.edges.push({ from: unquote(m[1]!), to: unquote(m[2]!), attributes: parseAttributes(m[3] ?? '') });
    } else if ((m = /^"((?:[^"\\]|\\.)*)" \[(.*)\];$/.exec(line))) {
      parsed.nodes.set(unquote(m[1]!), { attributes: parseAttributes(m[2]!), clusters: [...stack] });
    } else {
      throw new Error(`unknown DOT line: ${line}`);
    }
  }
  return parsed;
}

/** `a=1, b="x, y", label=<<b>x</b>>` → `{ a: '1', b: 'x, y', label: '<b>x</b>' }`. */
function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === ',') i++;
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const key = text.slice(i, eq).trim();
    i = eq + 1;
    let value = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') i++;
        value += text[i++];
      }
      i++;
    } else if (text[i] === '<') {
      let depth = 0;
      const start = i;
      do {
        if (text[i] === '<') depth++;
        if (text[i] === '>') depth--;
        i++;
      } while (depth > 0 && i < text.length);
      value = text.slice(start + 1, i - 1);
    } else {
      const end = text.indexOf(',', i);
      value = text.slice(i, end < 0 ? text.length : end).trim();
      i = end < 0 ? text.length : end;
    }
    attributes[key] = value;
  }
  return attributes;
}

function unquote(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}
