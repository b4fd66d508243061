/**
 * DOT to SVG with Graphviz compiled to WebAssembly (`@viz-js/viz`): no browser and no system
 * Graphviz needed. The Graphviz instance is created once per process.
 *
 * @example
 * ```ts
 * const svg = await renderSvg(statechartToDot(createStatechart(fork)));
 * svg.startsWith('<svg'); // true
 * ```
 */
import { instance, type Viz } from '@viz-js/viz';

let viz: Promise<Viz> | undefined;

/**
 * Renders `dot` to an SVG element's text (no XML prolog, so it can be inlined in HTML). The
 * element ids Graphviz numbers (`node1`, `clust2`, …) are removed, because several graphs share
 * one HTML page; states are found by the classes `dot.ts` writes. Throws on invalid DOT.
 */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= instance();
  const result = (await viz).render(dot, { format: 'svg' });
  if (result.status !== 'success') {
    const messages = result.errors.map((e) => e.message.trim()).join('; ');
    throw new Error(`Graphviz could not render the graph: ${messages}`);
  }
  return result.output
    .slice(result.output.indexOf('<svg'))
    .replace(/ id="(?:graph|node|clust|edge|a_node|a_edge)\d+"/g, '')
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    .trimEnd();
}
