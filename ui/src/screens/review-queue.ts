//! The order an officer works through the review queue in, for this session: skipped
//! items go to the end (still pending, nothing decided), a decision taken back comes to
//! the front, and the decisions made this session can be undone, the last first.
//!
//! Item numbers change with every analysis (each decision runs one), so items are told
//! apart by the rows they compare — file, sheet and row of both sides — which never hold
//! an ID and stay the same until a list is imported again.

import type { Decision, ReviewItem } from "../bindings";

/** The same question across analyses: the two rows it compares. */
export function itemKey(item: ReviewItem): string {
  const side = (s: ReviewItem["person"]) => `${s.file}\u0000${s.sheet}\u0000${s.row}`;
  return `${side(item.person)}\u0001${side(item.candidate)}`;
}

/** A decision made this session, as undo needs it. */
export interface Decided {
  /** The number of the item it was made on (in the analysis of that moment). */
  itemId: number;
  key: string;
  name: string;
  decision: Decision;
}

export class ReviewQueue {
  private skipped: string[] = [];
  private readonly decided: Decided[] = [];
  private first: string | null = null;

  /** The pending items in working order: an undone one first, skipped ones last. */
  order(items: readonly ReviewItem[]): ReviewItem[] {
    const rank = (item: ReviewItem): number => {
      const key = itemKey(item);
      if (key === this.first) return -1;
      const skip = this.skipped.indexOf(key);
      return skip < 0 ? 0 : 1 + skip;
    };
    return items
      .map((item, i) => ({ item, i, rank: rank(item) }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map((x) => x.item);
  }

  /** Puts `item` at the end of the queue without deciding it. */
  skip(item: ReviewItem): void {
    const key = itemKey(item);
    this.skipped = this.skipped.filter((k) => k !== key);
    this.skipped.push(key);
    if (this.first === key) this.first = null;
  }

  decide(item: ReviewItem, decision: Decision): void {
    const key = itemKey(item);
    this.decided.push({ itemId: item.id, key, name: item.person.name, decision });
    this.skipped = this.skipped.filter((k) => k !== key);
    if (this.first === key) this.first = null;
  }

  /** The decision undo would take back. */
  last(): Decided | undefined {
    return this.decided[this.decided.length - 1];
  }

  /** Forgets the last decision once it was taken back; its item comes first again. */
  undone(): Decided | undefined {
    const last = this.decided.pop();
    if (last) this.first = last.key;
    return last;
  }
}
