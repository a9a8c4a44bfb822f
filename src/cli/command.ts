import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { type Progress, createProgress, duration } from './progress.js';

/** Exit codes every command uses, so cron and scripts can tell what happened. */
export const EXIT = { ok: 0, failed: 1, badArguments: 2 } as const;

/** A wrong option or argument: the command prints it with its usage and exits 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<O extends Options> {
  /** How it is run, e.g. `npm run backup -- DEST`. */
  usage: string;
  /** One or two sentences on what it does. */
  summary: string;
  /** Its options besides --help and --quiet, with a line of help each. */
  options?: { [K in keyof O]: O[K] & { help: string; valueName?: string } };
  /** How many positional arguments it takes. */
  positionals?: { min: number; max: number };
  /** Whether it reports progress (and so takes --quiet). */
  progress?: boolean;
}

export interface CommandContext<O extends Options> {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values'];
  positionals: string[];
  /** Progress of the command's long part; silent with --quiet. */
  progress: Progress;
  /** Prints the closing one-line summary. */
  summary: (line: string) => void;
  /** How long the command has been at work so far ("2 min 5 s"), for its summary. */
  took: () => string;
}

/** The text --help prints. */
export function helpText<O extends Options>(spec: CommandSpec<O>): string {
  const rows: [string, string][] = Object.entries(spec.options ?? {}).map(([name, option]) => {
    const o = option as { type: string; short?: string; help: string; valueName?: string };
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
    return [flag, o.help];
  });
  if (spec.progress) rows.push(['--quiet', 'no progress bar or progress lines; the summary is still printed']);
  rows.push(['-h, --help', 'print this help and exit']);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `usage: ${spec.usage}`,
    '',
    spec.summary,
    '',
    'options:',
    ...rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`),
    '',
    'exit codes: 0 done, 1 failed, 2 bad arguments',
    '',
  ].join('\n');
}

/**
 * Parses the arguments, answers --help, and runs `main`, turning what goes wrong into one
 * line and an exit code: 2 for a wrong option or argument (with the usage), 1 for a bad
 * setting or a failure. Everything a command prints goes through here, so all commands
 * explain themselves the same way.
 */
export async function runCommand<O extends Options>(
  spec: CommandSpec<O>,
  main: (context: CommandContext<O>) => Promise<number | void>,
  argv: string[] = process.argv.slice(2),
): Promise<never> {
  const usageFailure = (message: string): never => {
    process.stderr.write(`${message}\nusage: ${spec.usage}\n(--help for all options)\n`);
    process.exit(EXIT.badArguments);
  };
  const specOptions = Object.fromEntries(
    Object.entries(spec.options ?? {}).map(([name, option]) => {
      const { help: _help, valueName: _valueName, ...rest } = option as { help: string; valueName?: string };
      return [name, rest];
    }),
  ) as Options;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...specOptions,
        help: { type: 'boolean', short: 'h' },
        ...(spec.progress ? { quiet: { type: 'boolean', short: 'q' } } : {}),
      },
    });
  } catch (error) {
    return usageFailure((error as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(helpText(spec));
    process.exit(EXIT.ok);
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < min) return usageFailure(`missing argument: ${spec.usage} takes ${min === max ? min : `at least ${min}`}`);
  if (parsed.positionals.length > max) return usageFailure(`unexpected argument "${parsed.positionals[max]}"`);

  const progress = createProgress({ quiet: !spec.progress || parsed.values.quiet === true });
  const started = Date.now();
  try {
    const code = await main({
      values: parsed.values as CommandContext<O>['values'],
      positionals: parsed.positionals,
      progress,
      summary: (line) => {
        progress.stop();
        process.stdout.write(`${line}\n`);
      },
      took: () => duration((Date.now() - started) / 1000),
    });
    progress.stop();
    process.exit(code ?? EXIT.ok);
  } catch (error) {
    progress.stop();
    if (error instanceof UsageError) return usageFailure(error.message);
    const known = error instanceof ConfigError;
    process.stderr.write(`${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(EXIT.failed);
  }
}

/**
 * The configuration of a command that works on the SQLite file at DB_PATH only (backup,
 * restore): with DATABASE_URL set it refuses with `forPostgres`, which names the tool to use
 * on PostgreSQL instead.
 */
export function loadSqliteConfig(forPostgres: string): Config {
  const config = loadConfig();
  if (config.databaseUrl) throw new ConfigError(forPostgres);
  return config;
}
