/** A FIFO of sequence numbers with O(1) push and shift (an array's shift is O(n) in a backlog). */
export class SeqQueue {
  private items: number[] = [];
  private head = 0;

  push(seq: number): void {
    this.items.push(seq);
  }

  peek(): number | undefined {
    return this.items[this.head];
  }

  shift(): number | undefined {
    const seq = this.items[this.head];
    if (seq === undefined) return undefined;
    this.head++;
    // Drop the consumed prefix now and then, so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return seq;
  }

  get size(): number {
    return this.items.length - this.head;
  }
}
