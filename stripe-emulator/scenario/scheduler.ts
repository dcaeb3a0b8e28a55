/**
 * Discrete-event queue: actions run in timestamp order (ties in insertion order), and the
 * emulator clock is moved forward to each action's time first. This lets an action
 * schedule its own follow-ups (a retry three days later, a dispute closing a month later)
 * while the clock only ever moves forward, month by month.
 */
export interface Task {
  t: number;
  seq: number;
  run: () => void;
}

export class Scheduler {
  private heap: Task[] = [];
  private seq = 0;

  at(t: number, run: () => void): void {
    const task = { t, seq: this.seq++, run };
    const h = this.heap;
    h.push(task);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  get size(): number {
    return this.heap.length;
  }

  /** Runs every task; `setClock` is called before each one whose time is ahead of the clock. */
  drain(now: () => number, setClock: (t: number) => void): void {
    for (let task = this.pop(); task; task = this.pop()) {
      if (task.t > now()) setClock(task.t);
      task.run();
    }
  }

  private pop(): Task | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less(a: Task, b: Task): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
