/**
 * The future-event list of the discrete-event simulation: a binary min-heap
 * ordered by virtual time, then by insertion order, so events at the same
 * time run in the order they were scheduled and runs are reproducible.
 *
 * Entries live in parallel typed arrays that double when full, so pushing
 * and popping allocate nothing in the steady state.
 */
export class EventQueue {
  private times: Float64Array;
  private orders: Float64Array;
  private kinds: Uint8Array;
  private refs: Int32Array;
  private tags: Int32Array;
  private count = 0;
  private nextOrder = 0;
  /** Kind, ref and tag of the entry last removed by `pop`. */
  poppedKind = 0;
  poppedRef = 0;
  poppedTag = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.orders = new Float64Array(initialCapacity);
    this.kinds = new Uint8Array(initialCapacity);
    this.refs = new Int32Array(initialCapacity);
    this.tags = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** Returns the time of the earliest entry, or Infinity when empty. */
  peekTime(): number {
    return this.count > 0 ? this.times[0] : Number.POSITIVE_INFINITY;
  }

  push(timeMs: number, kind: number, ref: number, tag: number): void {
    if (this.count === this.times.length) this.grow();
    const order = this.nextOrder++;
    let i = this.count++;

    // Sift up: move parents down until the new entry's place is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = this.times[parent];
      if (parentTime < timeMs || (parentTime === timeMs && this.orders[parent] < order))
        break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, timeMs, order, kind, ref, tag);
  }

  /** Removes the earliest entry and returns its time; its fields go to `popped*`. */
  pop(): number {
    const time = this.times[0];
    this.poppedKind = this.kinds[0];
    this.poppedRef = this.refs[0];
    this.poppedTag = this.tags[0];
    const last = --this.count;
    if (last === 0) return time;

    // Sift the last entry down from the root.
    const lastTime = this.times[last];
    const lastOrder = this.orders[last];
    const lastKind = this.kinds[last];
    const lastRef = this.refs[last];
    const lastTag = this.tags[last];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && this.isBefore(right, child)) child = right;
      const childTime = this.times[child];
      if (
        lastTime < childTime ||
        (lastTime === childTime && lastOrder < this.orders[child])
      )
        break;
      this.move(child, i);
      i = child;
    }
    this.set(i, lastTime, lastOrder, lastKind, lastRef, lastTag);
    return time;
  }

  private isBefore(a: number, b: number): boolean {
    const ta = this.times[a];
    const tb = this.times[b];
    return ta < tb || (ta === tb && this.orders[a] < this.orders[b]);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.orders[to] = this.orders[from];
    this.kinds[to] = this.kinds[from];
    this.refs[to] = this.refs[from];
    this.tags[to] = this.tags[from];
  }

  private set(
    i: number,
    time: number,
    order: number,
    kind: number,
    ref: number,
    tag: number,
  ): void {
    this.times[i] = time;
    this.orders[i] = order;
    this.kinds[i] = kind;
    this.refs[i] = ref;
    this.tags[i] = tag;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const orders = new Float64Array(capacity);
    const kinds = new Uint8Array(capacity);
    const refs = new Int32Array(capacity);
    const tags = new Int32Array(capacity);
    times.set(this.times);
    orders.set(this.orders);
    kinds.set(this.kinds);
    refs.set(this.refs);
    tags.set(this.tags);
    this.times = times;
    this.orders = orders;
    this.kinds = kinds;
    this.refs = refs;
    this.tags = tags;
  }
}
