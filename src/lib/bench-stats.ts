import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ResponseCacheStats } from './response-cache.js';

// For npm run bench (BENCH_STATS_FILE): the server's own view of a run, which a load
// generator outside the process cannot see.

/**
 * Measures how long the event loop is blocked from now on (after start-up) and returns a
 * function that writes the figures to `file`; SIGUSR2 writes them too, without stopping.
 * Beside the figures since start-up, each write gives those since the previous write
 * (`window_*`), so the bench can name the scenario that blocked the loop.
 */
export function benchStats(file: string, cacheStats: () => ResponseCacheStats | null = () => null): () => void {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const sinceLastWrite = monitorEventLoopDelay({ resolution: 1 });
  sinceLastWrite.enable();
  let writes = 0;
  const write = () => {
    writes += 1;
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const mb = (bytes: number) => Math.round(bytes / 1e4) / 100;
    const memory = process.memoryUsage();
    writeFileSync(
      file,
      `${JSON.stringify({
        loop_delay_max_ms: ms(delay.max),
        loop_delay_p99_ms: ms(delay.percentile(99)),
        loop_delay_mean_ms: ms(delay.mean),
        writes,
        window_loop_delay_max_ms: ms(sinceLastWrite.max),
        window_loop_delay_p99_ms: ms(sinceLastWrite.percentile(99)),
        rss_mb: mb(memory.rss),
        heap_used_mb: mb(memory.heapUsed),
        heap_total_mb: mb(memory.heapTotal),
        external_mb: mb(memory.external),
        array_buffers_mb: mb(memory.arrayBuffers),
        peak_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
        response_cache: cacheStats(),
      })}\n`,
    );
    sinceLastWrite.reset();
  };
  process.on('SIGUSR2', write);
  return write;
}
