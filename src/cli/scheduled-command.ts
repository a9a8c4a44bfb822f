import { type Config, loadConfig } from '../config.js';
import type { DB } from '../db/sqlite.js';
import { type JobRun, heldElsewhere, runScheduledJob } from '../lib/scheduled-job.js';
import { runCommand } from './command.js';
import type { Progress } from './progress.js';

export interface ScheduledCommandSpec {
  /** The scheduled job's name: one run at a time across every node. */
  job: string;
  usage: string;
  summary: string;
}

/**
 * A command for cron (check-links, digest, remind): it loads the configuration, and `work`
 * opens what it needs and runs the job through `once`, which runs it unless another node (or
 * the moderators' button) runs the same job now. The summary is `report(result, took)`, or
 * the line that says the job was held elsewhere.
 */
export function runScheduledCommand<T>(
  spec: ScheduledCommandSpec,
  work: (context: { config: Config; progress: Progress; once: <R>(db: DB, job: () => Promise<R>) => Promise<JobRun<R>> }) => Promise<JobRun<T>>,
  report: (result: T, took: string) => string,
): Promise<never> {
  return runCommand({ usage: spec.usage, summary: spec.summary, progress: true }, async ({ progress, summary, took }) => {
    const config = loadConfig();
    const run = await work({ config, progress, once: (db, job) => runScheduledJob(db, spec.job, job) });
    summary(run.ran ? report(run.result, took()) : heldElsewhere(spec.job, run));
  });
}
