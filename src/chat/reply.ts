/**
 * The platform-neutral shape of everything the bot sends. The chat service
 * (`chat.ts`) produces a {@link Reply}; each adapter renders it in its
 * platform's own way (HTML for Telegram, embeds for Discord, plain text in
 * the console) and adds its buttons.
 */
import type { Lang, Match, SourceRef } from '../types.ts';

/** An answer with its source and passage. */
export interface AnswerReply {
  type: 'answer';
  lang: Lang;
  question: string;
  match: Match;
  /** Key for the "other matches" button, when other matches exist. */
  othersKey?: string;
}

/** Other passages that also match a question. */
export interface MatchesReply {
  type: 'matches';
  lang: Lang;
  matches: Match[];
}

/** A whole passage, for the "whole passage" button. */
export interface PassageReply {
  type: 'passage';
  lang: Lang;
  text: string;
  source: SourceRef;
}

/** The articles do not answer: a polite sentence naming what they cover. */
export interface DeclineReply {
  type: 'decline';
  lang: Lang;
  text: string;
  /** The headlines `text` names, exactly as written there (adapters isolate them for direction). */
  topics?: string[];
}

/** Greeting, /start, /help, or input that asked nothing: help with example questions. */
export interface HelpReply {
  type: 'help';
  lang: Lang;
  text: string;
  examples: string[];
}

/** The list of articles (/sources). */
export interface SourcesReply {
  type: 'sources';
  lang: Lang;
  title: string;
  articles: Array<SourceRef & { passages: number }>;
}

/**
 * Something the user should know that is not an answer: an empty or too long
 * question, a sticker, the rate limit, an error on our side. Adapters show it
 * privately where the platform can (Discord's ephemeral replies).
 */
export interface NoticeReply {
  type: 'notice';
  lang: Lang;
  reason: 'empty' | 'too_long' | 'not_text' | 'rate_limited' | 'error' | 'expired';
  text: string;
}

/** Say nothing (a user past the rate limit who was already told). */
export interface SilentReply {
  type: 'silent';
}

export type Reply =
  | AnswerReply
  | MatchesReply
  | PassageReply
  | DeclineReply
  | HelpReply
  | SourcesReply
  | NoticeReply
  | SilentReply;
