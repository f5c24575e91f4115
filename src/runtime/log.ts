/**
 * Structured logs (pino), written to standard error so that standard output
 * stays for answers (`sanad ask --json`) and the console chat. Every string
 * that reaches a log line passes through `redact`: a token can never be logged.
 *
 * ```ts
 * const log = createLogger({ level: 'info' });
 * log.info({ adapter: 'telegram' }, 'polling started');
 * ```
 */
import pino, { type Logger } from 'pino';
import { redact, redactDeep } from './redact.ts';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; standard error by default. */
  destination?: NodeJS.WritableStream | number;
}

export function createLogger(options: LoggerOptions): Logger {
  const target =
    typeof options.destination === 'object'
      ? options.destination
      : pino.destination({ dest: options.destination ?? 2, sync: true });
  // Last line of defence: every line written is redacted as a whole, so a token
  // in a child logger's bindings or deep in an object never reaches the output.
  const dest = { write: (line: string) => target.write(redact(line)) };
  return pino(
    {
      level: options.level,
      base: undefined,
      serializers: { err: (e: unknown) => redactDeep(e), error: (e: unknown) => redactDeep(e) },
      hooks: {
        logMethod(args, method) {
          const clean = args.map((a) => (typeof a === 'string' ? redact(a) : redactDeep(a)));
          return method.apply(this, clean as Parameters<typeof method>);
        },
      },
    },
    dest as pino.DestinationStream,
  );
}

/** A logger that writes nothing. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
