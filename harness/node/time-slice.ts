/**
 * Long synchronous work (a fast-forward's blocks, a big batch) cut into slices, with the event
 * loop free between them: other clients' requests are read and answered in the gaps.
 */

/** How long one slice of work may hold the event loop, in ms. */
const SLICE_MS = 8;

/** Measures a slice of synchronous work; `yield()` lets pending I/O run and starts a new slice. */
export class TimeSlice {
  private started = performance.now();

  get expired(): boolean {
    return performance.now() - this.started >= SLICE_MS;
  }

  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }
}
