import type { MiddlewareHandler } from 'hono';

/**
 * How long requests may keep the event loop to themselves in one turn. Under load Node runs
 * every request whose bytes arrived in one turn back to back; with fifty connections that is
 * fifty pages, 50–100 ms in which no timer fires and no other socket is read. Past this much,
 * requests wait for a later turn instead.
 */
export const SLICE_MS = 5;

/**
 * A gate at the top of the app that hands out the event loop in slices: requests run at once
 * while the current turn has used less than SLICE_MS, otherwise they queue and are let go one
 * per turn, oldest first. A request is only held before it starts; once running, it finishes
 * (or awaits I/O) as before. Cached pages are answered before the app and never wait here.
 */
export function timeSlices(now: () => number = () => performance.now()): MiddlewareHandler {
  let sliceStart = 0;
  let sliceOpen = false;
  const waiting: (() => void)[] = [];

  const closeSlice = () => {
    sliceOpen = false;
  };
  // Runs in the check phase; one request, then the loop goes round (timers, sockets) again.
  const release = () => {
    waiting.shift()?.();
    if (waiting.length > 0) setImmediate(release);
  };

  return async (_c, next) => {
    const at = now();
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
    }
    await next();
  };
}
