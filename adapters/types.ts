/**
 * What every adapter gets and gives back. An adapter turns platform events
 * into {@link ChatService} calls and replies into platform messages; it owns
 * no text analysis and no answer logic.
 */
import type { ChatService } from '../src/chat/chat.ts';
import type { Logger } from '../src/runtime/log.ts';
import type { Env } from '../src/runtime/config.ts';

export interface AdapterContext {
  chat: ChatService;
  log: Logger;
  env: Env;
}

export interface RunningAdapter {
  /** `telegram`, `discord`, `console`. */
  name: string;
  /** Stops cleanly: closes connections, lets in-flight replies finish. */
  stop(): Promise<void>;
  /** Resolves when the adapter ends by itself (console: the user left). */
  done?: Promise<void>;
}

/** An adapter module: `adapters/<name>/index.ts` exports `start`. */
export type StartAdapter = (ctx: AdapterContext) => Promise<RunningAdapter>;
