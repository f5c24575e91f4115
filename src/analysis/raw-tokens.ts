/**
 * A hash table from raw tokens (spellings as they stand in a text), looked up
 * by their place in the text: no string is cut out for a token seen before.
 * The indexer meets the same few hundred thousand forms millions of times, and
 * the answer picker looks up every token of the passages it reads.
 *
 * ```ts
 * const table = new RawTokenTable();
 * if (table.get(text, start, end) === undefined) table.set(text, start, end, 7);
 * table.get(text, start, end) // → 7
 * ```
 */
export class RawTokenTable {
  // Open addressing; per slot, four numbers side by side (one cache line read per probe): the
  // entry's full hash, where its characters start in `pool` (+1; 0: empty slot), its length and its value.
  private slots = new Int32Array(4 << 16);
  private count = 0;
  private pool = new Uint16Array(1 << 20);
  private poolLength = 0;
  private lastHash = 0;

  /** Tokens longer than this are not kept whole (lengths are kept in 16 bits): look them up another way. */
  static readonly MAX_LENGTH = 0xffff;

  /** How many tokens are kept. */
  get size(): number {
    return this.count;
  }

  /** Forgets every token, keeping the memory for the next ones. */
  clear(): void {
    this.slots.fill(0);
    this.count = 0;
    this.poolLength = 0;
  }

  /** The value kept for text[start, end), if any. */
  get(text: string, start: number, end: number): number | undefined {
    const hash = (this.lastHash = hashRange(text, start, end));
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    const length = end - start;
    for (let h = hash & mask; ; h = (h + 1) & mask) {
      const at = slots[4 * h + 1] - 1;
      if (at < 0) return undefined;
      if (slots[4 * h] === hash && slots[4 * h + 2] === length) {
        let i = 0;
        while (i < length && this.pool[at + i] === text.charCodeAt(start + i)) i++;
        if (i === length) return slots[4 * h + 3];
      }
    }
  }

  /**
   * Adds text[start, end) (just looked up with {@link get}, which left its
   * hash; {@link clear} in between is fine) with `value`.
   */
  set(text: string, start: number, end: number, value: number): void {
    if (this.count * 2 >= this.slots.length >> 2) this.grow();
    const length = Math.min(end - start, 0xffff);
    while (this.poolLength + length > this.pool.length) {
      const more = new Uint16Array(this.pool.length * 2);
      more.set(this.pool);
      this.pool = more;
    }
    for (let i = 0; i < length; i++) this.pool[this.poolLength + i] = text.charCodeAt(start + i);
    this.place(this.lastHash, this.poolLength + 1, length, value);
    this.poolLength += length;
    this.count++;
  }

  private place(hash: number, at: number, length: number, value: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    let h = hash & mask;
    while (slots[4 * h + 1] !== 0) h = (h + 1) & mask;
    slots[4 * h] = hash;
    slots[4 * h + 1] = at;
    slots[4 * h + 2] = length;
    slots[4 * h + 3] = value;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let h = 0; h < old.length; h += 4) if (old[h + 1] !== 0) this.place(old[h], old[h + 1], old[h + 2], old[h + 3]);
  }
}

/** FNV-1a over the UTF-16 code units of text[start, end), as a signed 32-bit integer. */
function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}
