/**
 * The difference between a global state and one of its successors: the few actors whose
 * component changed. A step changes the stepping actor and the receivers of its sends, so a
 * patch is short, and applying, hashing or comparing it costs O(changes), not O(actors).
 */
export class StatePatch {
  positions = new Int32Array(8);
  values = new Int32Array(8);
  count = 0;

  /** The component of actor `position` in `state` with this patch applied. */
  valueAt(state: Int32Array, position: number): number {
    for (let k = 0; k < this.count; k++) if (this.positions[k] === position) return this.values[k]!;
    return state[position]!;
  }

  set(position: number, value: number): void {
    for (let k = 0; k < this.count; k++) {
      if (this.positions[k] === position) {
        this.values[k] = value;
        return;
      }
    }
    if (this.count === this.positions.length) this.grow();
    this.positions[this.count] = position;
    this.values[this.count++] = value;
  }

  /** Writes `state` with this patch applied into `out`. */
  applyTo(state: Int32Array, out: Int32Array): void {
    for (let i = 0; i < state.length; i++) out[i] = state[i]!;
    for (let k = 0; k < this.count; k++) out[this.positions[k]!] = this.values[k]!;
  }

  private grow(): void {
    const positions = new Int32Array(this.positions.length * 2);
    const values = new Int32Array(this.values.length * 2);
    positions.set(this.positions);
    values.set(this.values);
    this.positions = positions;
    this.values = values;
  }
}
