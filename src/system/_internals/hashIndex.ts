/**
 * An open-addressing index of entries 0 … count − 1 by their hashes: `size` slots (a power of
 * two), each 0 or an entry's number + 1, probed linearly from `hash & (size − 1)`. Tables
 * that keep their entries' hashes rebuild it this way when they double.
 */
export function hashIndex(hashes: Int32Array, count: number, size: number): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(size);
  const mask = size - 1;
  for (let entry = 0; entry < count; entry++) {
    let slot = hashes[entry]! & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = entry + 1;
  }
  return slots;
}
