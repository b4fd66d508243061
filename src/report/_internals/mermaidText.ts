/**
 * Making names and text safe inside Mermaid diagrams, as GitHub renders them: identifiers made
 * of letters, digits and `_` (never a keyword), and text with Mermaid's statement separator `;`,
 * its entity marker `#`, quotes and angle brackets written as entity codes (`#59;`, `#lt;`).
 */

/** Words Mermaid reads as keywords where an identifier is expected. */
const RESERVED = new Set(['end', 'state', 'note', 'class', 'classDef', 'direction', 'style', 'click', 'default', 'graph', 'subgraph', 'participant', 'actor', 'loop', 'alt', 'opt', 'par', 'rect', 'activate', 'deactivate', 'title']);

/** Hands out unique Mermaid identifiers for arbitrary names, readable where the name already is one. */
export class MermaidIds {
  private readonly byName = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(private readonly fallback = 'n') {}

  id(name: string): string {
    const known = this.byName.get(name);
    if (known !== undefined) return known;
    let base = name.replace(/[^A-Za-z0-9_]/g, '_') || this.fallback;
    if (/^[0-9]/.test(base) || RESERVED.has(base) || RESERVED.has(base.toLowerCase())) base = `${this.fallback}_${base}`;
    let id = base;
    for (let k = 2; this.used.has(id); k++) id = `${base}_${k}`;
    this.used.add(id);
    this.byName.set(name, id);
    return id;
  }
}

const ENTITIES: Record<string, string> = { '#': '#35;', ';': '#59;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '|': '#124;' };

/** Text for labels, notes and messages: one line, with Mermaid's special characters as entity codes. */
export function mermaidText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[#;"<>|]/g, (c) => ENTITIES[c]!);
}

/** Text inside `"…"` (a state's or participant's display name). */
export function mermaidQuoted(text: string): string {
  return `"${mermaidText(text)}"`;
}
