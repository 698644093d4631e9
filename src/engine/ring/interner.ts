/**
 * Strings to small integer ids, so records carry numbers and the hot path
 * never touches a string. Intern at setup (service names, topics, keys known
 * up front) or at the edge where data arrives, never per event in a loop that
 * could reuse an id.
 *
 * Ids are dense and start at 0, in first-seen order, so they index arrays.
 * A table is owned by one thread; another thread gets a copy with
 * `StringInterner.from(table.names())`, or keeps one up to date by sending
 * `namesSince(count)` over the control channel and calling `addAll`.
 */
export class StringInterner {
  private readonly ids = new Map<string, number>();
  private readonly list: string[] = [];

  /** Builds a table whose ids match `names` (as returned by `names()` elsewhere). */
  static from(names: readonly string[]): StringInterner {
    const table = new StringInterner();
    table.addAll(names);
    return table;
  }

  /** Returns the id of `name`, adding it when new. Allocates only for a new name. */
  intern(name: string): number {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    const id = this.list.length;
    this.ids.set(name, id);
    this.list.push(name);
    return id;
  }

  /** Returns the id of `name`, or -1 when it was never interned. */
  idOf(name: string): number {
    return this.ids.get(name) ?? -1;
  }

  /** Returns the name of `id`. Throws a RangeError for an id this table never gave out. */
  nameOf(id: number): string {
    const name = this.list[id];
    if (name === undefined) {
      throw new RangeError(
        `No interned string has id ${id}; the table contains ids 0 to ${this.list.length - 1}.`,
      );
    }
    return name;
  }

  get size(): number {
    return this.list.length;
  }

  /** Returns a copy of every name, in id order. */
  names(): string[] {
    return this.list.slice();
  }

  /** Names with ids `count` and above: what a copy holding `count` names lacks. */
  namesSince(count: number): string[] {
    return this.list.slice(count);
  }

  /**
   * Appends names given in id order (from `names()` or `namesSince(size)` of
   * the owning table). Throws when a name is already present under another
   * id, since the copies would then disagree.
   */
  addAll(names: readonly string[]): void {
    for (const name of names) {
      const expected = this.list.length;
      const id = this.intern(name);
      if (id !== expected) {
        throw new Error(
          `Interned string "${name}" already has id ${id}; the copy expected id ${expected}.`,
        );
      }
    }
  }
}
