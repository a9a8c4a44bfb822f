import type { MiddlewareHandler } from 'hono';

/**
 * How long requests may keep the event loop to themselves in one phase of a turn. Under load
 * Node runs every request whose bytes arrived in one turn back to back; with fifty
 * connections that is fifty pages, 50–100 ms in which no timer fires and no other socket is
 * read. Past this much, requests wait for a later turn instead. A turn runs at most two
 * slices (requests as they arrive, then waiting ones), plus the request that crossed the line.
 */
export const SLICE_MS = 4;

/**
 * A gate at the top of the app that hands out the event loop in slices: requests run at once
 * while the current turn has used less than SLICE_MS, otherwise they queue and are let go,
 * oldest first, as many per turn as typically fit in a slice. A request is only held before
 * it starts; once running, it finishes (or awaits I/O) as before. Cached pages are answered
 * before the app and never wait here.
 */
export function timeSlices(now: () => number = () => performance.now()): MiddlewareHandler {
  let sliceStart = 0;
  let sliceOpen = false;
  const waiting: (() => void)[] = [];
  // How long a request takes, on average (exponentially weighted): how many fit in a slice.
  let typicalMs = 1;

  const closeSlice = () => {
    sliceOpen = false;
  };
  // Runs in the check phase: a slice's worth of requests, then the loop goes round (timers,
  // sockets) again. Released requests run one after another in the microtasks after this.
  const release = () => {
    const batch = Math.max(1, Math.floor(SLICE_MS / typicalMs));
    for (let i = 0; i < batch && waiting.length > 0; i++) waiting.shift()!();
    if (waiting.length > 0) setImmediate(release);
  };

  return async (_c, next) => {
    let at = now();
    if (!sliceOpen) {
      sliceOpen = true;
      sliceStart = at;
      setImmediate(closeSlice);
    }
    if (waiting.length > 0 || at - sliceStart >= SLICE_MS) {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === 1) setImmediate(release);
      });
      at = now();
    }
    try {
      await next();
    } finally {
      typicalMs = 0.9 * typicalMs + 0.1 * Math.min(now() - at, SLICE_MS);
    }
  };
}
