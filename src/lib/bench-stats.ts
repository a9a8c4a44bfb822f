import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ResponseCacheStats } from './response-cache.js';

// For npm run bench (BENCH_STATS_FILE): the server's own view of a run, which a load
// generator outside the process cannot see.

/**
 * Measures how long the event loop is blocked from now on (after start-up) and returns a
 * function that writes the figures to `file`; SIGUSR2 writes them too, without stopping.
 */
export function benchStats(file: string, cacheStats: () => ResponseCacheStats | null = () => null): () => void {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const write = () => {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const mb = (bytes: number) => Math.round(bytes / 1e4) / 100;
    const memory = process.memoryUsage();
    writeFileSync(
      file,
      `${JSON.stringify({
        loop_delay_max_ms: ms(delay.max),
        loop_delay_p99_ms: ms(delay.percentile(99)),
        loop_delay_mean_ms: ms(delay.mean),
        rss_mb: mb(memory.rss),
        heap_used_mb: mb(memory.heapUsed),
        heap_total_mb: mb(memory.heapTotal),
        external_mb: mb(memory.external),
        array_buffers_mb: mb(memory.arrayBuffers),
        peak_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
        response_cache: cacheStats(),
      })}\n`,
    );
  };
  process.on('SIGUSR2', write);
  return write;
}
