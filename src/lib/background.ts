import type { Logger } from 'pino';

/**
 * Work done after the answer is sent, such as mail whose sending time would otherwise tell
 * an observer something. Failures are logged; `idle()` waits for everything started so far
 * (tests, and a graceful shutdown).
 */
export class BackgroundTasks {
  readonly #running = new Set<Promise<void>>();
  constructor(private readonly logger: Logger) {}

  run(name: string, task: () => Promise<void>): void {
    const promise = task()
      .catch((err: unknown) => this.logger.error({ err, task: name }, 'background task failed'))
      .finally(() => this.#running.delete(promise));
    this.#running.add(promise);
  }

  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }
}
