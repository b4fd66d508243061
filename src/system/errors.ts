/**
 * A mistake in a model, as opposed to a property the model violates.
 *
 * The CLI prints `message` without a stack trace and exits with code 2. The fields say where
 * the mistake is, so that tools (and tests) need not parse the message.
 */
export class ModelError extends Error {
  override readonly name = 'ModelError';

  constructor(
    message: string,
    readonly where: ModelErrorLocation = {},
  ) {
    super(message);
  }
}

/** Where a {@link ModelError} was found. Every field is optional: fill in what is known. */
export interface ModelErrorLocation {
  file?: string;
  actor?: string;
  state?: string;
  event?: string;
}

/**
 * Formats a state value as a dotted path: `{a: 'b'}` → `a.b`; the regions of a parallel state
 * go in braces: `{a: 'x', b: 'y'}` → `{a.x, b.y}`.
 */
export function formatStateValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return String(value);
  const parts = Object.entries(value as Record<string, unknown>).map(([key, child]) => {
    const inner = formatStateValue(child);
    return inner ? `${key}.${inner}` : key;
  });
  return parts.length === 1 ? parts[0]! : `{${parts.join(', ')}}`;
}
