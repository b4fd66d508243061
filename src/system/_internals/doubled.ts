/** A typed array of the same kind, twice as long as `array`, holding its elements first. */
export function doubled<T extends Int32Array | Uint8Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
