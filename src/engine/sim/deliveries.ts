/**
 * Deliveries in flight (queued, being handled or waiting to retry), stored
 * as parallel typed arrays indexed by a delivery handle. Handles are reused
 * through a free list, and the arrays double when full, so the steady state
 * allocates nothing.
 */
export class DeliveryPool {
  eventId = new Float64Array(0);
  route = new Int32Array(0);
  /** Time this delivery's event reached the topic (or was redriven). */
  publishMs = new Float64Array(0);
  /** Time the first event of the chain was published. */
  rootMs = new Float64Array(0);
  keyIndex = new Int32Array(0);
  /** Producer whose event started the chain; its key field names the key. */
  origin = new Int32Array(0);
  eventType = new Int32Array(0);
  /** Emits between the producer's event and this one. */
  hops = new Int32Array(0);
  attempts = new Int32Array(0);
  enqueueMs = new Float64Array(0);
  startMs = new Float64Array(0);
  /** Error code the running attempt will end with; 0 for success. */
  result = new Uint8Array(0);
  traced = new Uint8Array(0);
  /** Token of the running attempt's end event; -1 when no attempt runs. */
  attemptToken = new Int32Array(0);
  /** Position in the service's in-flight list, or -1. */
  inFlightSlot = new Int32Array(0);

  private free = new Int32Array(0);
  private freeCount = 0;
  private used = 0;

  constructor(initialCapacity = 4096) {
    this.resize(initialCapacity);
  }

  /** Returns a handle; the caller sets every field it reads later. */
  allocate(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount];
    if (this.used === this.eventId.length) this.resize(this.used * 2);
    return this.used++;
  }

  release(handle: number): void {
    this.inFlightSlot[handle] = -1;
    this.free[this.freeCount++] = handle;
  }

  /** Handles ever allocated, in use or free: the high-water mark. */
  get capacityUsed(): number {
    return this.used;
  }

  private resize(capacity: number): void {
    this.eventId = grow(this.eventId, capacity, Float64Array);
    this.route = grow(this.route, capacity, Int32Array);
    this.publishMs = grow(this.publishMs, capacity, Float64Array);
    this.rootMs = grow(this.rootMs, capacity, Float64Array);
    this.keyIndex = grow(this.keyIndex, capacity, Int32Array);
    this.origin = grow(this.origin, capacity, Int32Array);
    this.eventType = grow(this.eventType, capacity, Int32Array);
    this.hops = grow(this.hops, capacity, Int32Array);
    this.attempts = grow(this.attempts, capacity, Int32Array);
    this.enqueueMs = grow(this.enqueueMs, capacity, Float64Array);
    this.startMs = grow(this.startMs, capacity, Float64Array);
    this.result = grow(this.result, capacity, Uint8Array);
    this.traced = grow(this.traced, capacity, Uint8Array);
    this.inFlightSlot = grow(this.inFlightSlot, capacity, Int32Array);
    this.attemptToken = grow(this.attemptToken, capacity, Int32Array);
    this.free = grow(this.free, capacity, Int32Array);
  }
}

type TypedArrayConstructor<T> = new (length: number) => T;

function grow<T extends Float64Array | Int32Array | Uint8Array>(
  array: T,
  capacity: number,
  make: TypedArrayConstructor<T>,
): T {
  const next = new make(capacity);
  next.set(array);
  return next;
}

/** First-in, first-out queue of delivery handles in a ring that doubles when full. */
export class HandleQueue {
  private items = new Int32Array(64);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(handle: number): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = handle;
    this.count++;
  }

  /** Removes and returns the oldest handle; the caller checks `length` first. */
  shift(): number {
    const handle = this.items[this.head];
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return handle;
  }

  private grow(): void {
    const next = new Int32Array(this.items.length * 2);
    for (let i = 0; i < this.count; i++)
      next[i] = this.items[(this.head + i) & (this.items.length - 1)];
    this.items = next;
    this.head = 0;
  }
}
