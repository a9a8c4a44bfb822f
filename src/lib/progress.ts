/**
 * What long work reports as it goes: stages of a known number of items. The commands show it
 * as a bar or as log lines (src/cli/progress.ts); library code only counts.
 */
export interface Progress {
  /** Starts (or restarts) a stage of `total` items. */
  start(label: string, total: number): void;
  /** `count` more items are done. */
  advance(count?: number): void;
  /** Ends the current stage; the next output starts on a line of its own. */
  stop(): void;
}
