import cliProgress from 'cli-progress';
import type { Progress } from '../lib/progress.js';

/**
 * Progress of a long command. On a terminal it is a bar with done/total, rate and time left
 * (cli-progress); in a log (cron, CI, a pipe) it is one plain line for every 5 % done and at
 * least one every 10 seconds, so a log shows where a run of hours has got to.
 */
export type { Progress };

const HEARTBEAT_MS = 10_000;
const STEP_SHARE = 0.05;

export interface ProgressOptions {
  quiet: boolean;
  stream?: NodeJS.WriteStream;
  now?: () => number;
}

export function createProgress(options: ProgressOptions): Progress {
  if (options.quiet) return { start() {}, advance() {}, stop() {} };
  const stream = options.stream ?? process.stdout;
  return stream.isTTY ? terminalProgress(stream) : logProgress(stream, options.now ?? Date.now);
}

function terminalProgress(stream: NodeJS.WriteStream): Progress {
  let bar: cliProgress.SingleBar | null = null;
  let done = 0;
  let started = 0;
  return {
    start(label, total) {
      bar?.stop();
      done = 0;
      started = Date.now();
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${label} [{bar}] {value}/{total} {percentage}% | {rate}/s | {eta_formatted} left`,
          hideCursor: true,
          etaBuffer: 50,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { rate: '0' });
    },
    advance(count = 1) {
      if (!bar) return;
      done += count;
      bar.increment(count, { rate: rateText(done, (Date.now() - started) / 1000) });
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

function logProgress(stream: NodeJS.WriteStream, now: () => number): Progress {
  let stage: { label: string; total: number; done: number; started: number; lastLine: number; lastStep: number } | null = null;
  const line = () => {
    if (!stage) return;
    const seconds = (now() - stage.started) / 1000;
    const share = stage.total > 0 ? stage.done / stage.total : 1;
    const perSecond = seconds > 0 ? stage.done / seconds : 0;
    const left = perSecond > 0 ? (stage.total - stage.done) / perSecond : null;
    stream.write(
      `${stage.label}: ${stage.done}/${stage.total} (${Math.floor(share * 100)} %), ${rateText(stage.done, seconds)}/s` +
        `${left === null || stage.done >= stage.total ? '' : `, about ${duration(left)} left`}\n`,
    );
    stage.lastLine = now();
  };
  return {
    start(label, total) {
      stage = { label, total, done: 0, started: now(), lastLine: now(), lastStep: 0 };
    },
    advance(count = 1) {
      if (!stage) return;
      stage.done += count;
      const step = stage.total > 0 ? Math.floor(stage.done / stage.total / STEP_SHARE) : 0;
      if (step > stage.lastStep || now() - stage.lastLine >= HEARTBEAT_MS) {
        stage.lastStep = step;
        line();
      }
    },
    stop() {
      stage = null;
    },
  };
}

/**
 * Turns reports of "done out of total so far" (SQLite's backup API reports pages that way)
 * into progress steps; a copy done in one step shows no progress at all.
 */
export function cumulativeProgress(progress: Progress, label: string): (done: number, total: number) => void {
  let reported = 0;
  return (done, total) => {
    if (reported === 0 && done < total) progress.start(label, total);
    progress.advance(done - reported);
    reported = done;
  };
}

function rateText(done: number, seconds: number): string {
  if (seconds <= 0) return '0';
  const rate = done / seconds;
  return rate >= 100 ? String(Math.round(rate)) : rate.toFixed(1);
}

/** "1 h 5 min", "3 min 20 s", "12 s". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${s} s`;
}
