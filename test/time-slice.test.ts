import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { SLICE_MS, timeSlices } from '../src/lib/time-slice.js';

/** An app whose every request keeps the CPU busy for `ms`, as rendering a page does. */
function busyApp(ms: number, gate: boolean) {
  const app = new Hono();
  if (gate) app.use(timeSlices());
  app.get('/', (c) => {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // rendering
    }
    return c.text('ok');
  });
  return app;
}

/** Sends `count` requests at once and says how many had finished when a timer set at the same moment fired. */
async function finishedBeforeTimer(app: Hono, count: number): Promise<number> {
  let finished = 0;
  let seenByTimer = -1;
  const timer = new Promise<void>((resolve) =>
    setTimeout(() => {
      seenByTimer = finished;
      resolve();
    }, 0),
  );
  await Promise.all([
    timer,
    ...Array.from({ length: count }, async () => {
      const response = await app.request('/');
      expect(await response.text()).toBe('ok');
      finished++;
    }),
  ]);
  expect(finished).toBe(count);
  return seenByTimer;
}

describe('time slices', () => {
  it('lets a timer run between requests that together would hold the event loop far longer than a slice', async () => {
    const perRequest = SLICE_MS / 2;
    // Without the gate all twenty run in one turn and the timer waits for every one of them.
    expect(await finishedBeforeTimer(busyApp(perRequest, false), 20)).toBe(20);
    // With it at most two slices' worth (as they arrive, then from the queue) run before the timer gets its turn.
    expect(await finishedBeforeTimer(busyApp(perRequest, true), 20)).toBeLessThanOrEqual((2 * SLICE_MS) / perRequest + 1);
  });

  it('answers every request, in the order they came', async () => {
    const app = new Hono();
    app.use(timeSlices());
    const order: number[] = [];
    app.get('/:n', (c) => {
      const until = performance.now() + SLICE_MS;
      while (performance.now() < until) {
        // rendering
      }
      order.push(Number(c.req.param('n')));
      return c.text(c.req.param('n'));
    });
    const answers = await Promise.all(Array.from({ length: 8 }, async (_, n) => (await app.request(`/${n}`)).text()));
    expect(answers).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
