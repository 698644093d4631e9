/**
 * Dead-lettered events, kept for browsing and redrive. Entries are held in
 * arrival order; when the store is full the oldest entry is dropped and
 * counted as evicted in its queue.
 */
import type { DeadLetterQueueState } from "../metrics/snapshot.ts";

export interface DeadLetterEntry {
  /** Store-wide sequence number; the handle for redrive. */
  id: number;
  eventId: number;
  eventType: string;
  key: string;
  queue: string;
  /** Route id `topic->service` the delivery failed on, and where redrive sends it. */
  route: string;
  topic: string;
  service: string;
  attempts: number;
  lastError: string;
  deadLetteredAtMs: number;
  /** When the event reached the topic (or was last redriven). */
  publishedAtMs: number;
  /** Whether the event's chain was sampled, so that its trace was recorded. */
  traced: boolean;
}

/** Fields redrive needs to rebuild the delivery, kept out of the public entry. */
export interface DeadLetterOrigin {
  routeIndex: number;
  /** Producer whose key field names the key. */
  origin: number;
  keyIndex: number;
  eventTypeIndex: number;
}

type StoredEntry = DeadLetterEntry & DeadLetterOrigin;

export interface DeadLetterFilter {
  queue?: string;
  route?: string;
  service?: string;
  /** Substring of the key, case-sensitive. */
  key?: string;
  /** Exact last error, such as `timeout`. */
  error?: string;
  eventId?: number;
  /** Dead-lettered at or after this virtual time. */
  fromMs?: number;
  /** Dead-lettered before this virtual time. */
  toMs?: number;
  /** Only entries whose chain was sampled (true) or not sampled (false). */
  traced?: boolean;
}

export interface DeadLetterPage {
  /** Entries matching the filter, before paging. */
  total: number;
  /** Newest first. */
  entries: DeadLetterEntry[];
}

interface QueueCounts {
  total: number;
  redriven: number;
  evicted: number;
  size: number;
}

export class DeadLetterStore {
  private readonly entries = new Map<number, StoredEntry>();
  private readonly queues = new Map<string, QueueCounts>();
  private nextId = 1;
  private oldestId = 1;

  /** `queueNames` are listed in snapshots even while empty. */
  constructor(
    private readonly capacity: number,
    queueNames: string[],
  ) {
    for (const name of queueNames) this.countsOf(name);
  }

  add(entry: Omit<DeadLetterEntry, "id">, origin: DeadLetterOrigin): void {
    const counts = this.countsOf(entry.queue);
    counts.total++;
    if (this.capacity === 0) {
      counts.evicted++;
      return;
    }
    if (this.entries.size >= this.capacity) this.evictOldest();
    const id = this.nextId++;
    this.entries.set(id, { ...entry, ...origin, id });
    counts.size++;
  }

  /** Returns matching entries, newest first, `limit` of them after skipping `offset`. */
  list(filter: DeadLetterFilter = {}, offset = 0, limit = 100): DeadLetterPage {
    const matches = this.matching(filter);
    const entries = matches
      .reverse()
      .slice(offset, offset + limit)
      .map(
        ({ routeIndex: _r, origin: _o, keyIndex: _k, eventTypeIndex: _t, ...entry }) =>
          entry,
      );
    return { total: matches.length, entries };
  }

  /** Removes and returns the given entries (ids that are not stored are skipped), oldest first. */
  takeByIds(ids: Iterable<number>): StoredEntry[] {
    const taken: StoredEntry[] = [];
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry) taken.push(entry);
    }
    taken.sort((a, b) => a.id - b.id);
    for (const entry of taken) this.remove(entry);
    return taken;
  }

  /** Removes and returns every entry matching the filter, oldest first. */
  takeMatching(filter: DeadLetterFilter): StoredEntry[] {
    const taken = this.matching(filter);
    for (const entry of taken) this.remove(entry);
    return taken;
  }

  queueStates(): DeadLetterQueueState[] {
    return [...this.queues.entries()]
      .map(([name, counts]) => ({ name, ...counts }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Drops the entry with the lowest id. Ids only grow, so a cursor that
   * skips redriven ids finds it in amortized constant time, unlike reading
   * the Map's first key after many deletions.
   */
  private evictOldest(): void {
    while (this.oldestId < this.nextId) {
      const oldest = this.entries.get(this.oldestId++);
      if (!oldest) continue;
      this.entries.delete(oldest.id);
      const counts = this.countsOf(oldest.queue);
      counts.evicted++;
      counts.size--;
      return;
    }
  }

  private remove(entry: DeadLetterEntry): void {
    this.entries.delete(entry.id);
    const counts = this.countsOf(entry.queue);
    counts.size--;
    counts.redriven++;
  }

  private matching(filter: DeadLetterFilter): StoredEntry[] {
    const result: StoredEntry[] = [];
    for (const entry of this.entries.values()) {
      if (filter.queue !== undefined && entry.queue !== filter.queue) continue;
      if (filter.route !== undefined && entry.route !== filter.route) continue;
      if (filter.service !== undefined && entry.service !== filter.service) continue;
      if (filter.key !== undefined && !entry.key.includes(filter.key)) continue;
      if (filter.error !== undefined && entry.lastError !== filter.error) continue;
      if (filter.eventId !== undefined && entry.eventId !== filter.eventId) continue;
      if (filter.fromMs !== undefined && entry.deadLetteredAtMs < filter.fromMs) continue;
      if (filter.toMs !== undefined && entry.deadLetteredAtMs >= filter.toMs) continue;
      if (filter.traced !== undefined && entry.traced !== filter.traced) continue;
      result.push(entry);
    }
    return result;
  }

  private countsOf(queue: string): QueueCounts {
    let counts = this.queues.get(queue);
    if (!counts) {
      counts = { total: 0, redriven: 0, evicted: 0, size: 0 };
      this.queues.set(queue, counts);
    }
    return counts;
  }
}
