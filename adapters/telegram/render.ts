/**
 * Turns a platform-neutral {@link Reply} into Telegram messages: HTML (every
 * piece of article and user text escaped), the same message as plain text,
 * and the inline keyboard. Every message fits Telegram's 4096-character limit
 * after entity parsing: long content is cut at a sentence with an ellipsis,
 * or split over several messages. All wording comes from `src/chat/texts.ts`.
 *
 * ```ts
 * const [message] = renderReply(chat.ask({ ... }));
 * await telegram.sendMessage(chatId, message.html, { parse_mode: 'HTML', reply_markup: message.keyboard });
 * ```
 *
 * An answer looks like this (the answering span in bold, the title linked when
 * the article has a URL, the passage as a quote, expandable when long):
 *
 *     … تنص على إيفاد **6000** من “رجال حموشي” إلى قطر …
 *
 *     المصدر: مجلة ”ماروك إيبدو” … (2022-05-24)
 *     ▍هذا وقد وقع المغرب وقطر اتفاقية تعاون …
 *     [الفقرة كاملة] [نتائج أخرى]
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle } from 'telegraf/types';
import type { Lang, Match, SourceRef } from '../../src/types.ts';
import type { AnswerReply, Reply } from '../../src/chat/reply.ts';
import { t } from '../../src/chat/texts.ts';
import { cutAtSentence, isolateForReader, splitText, wrapPhrases } from '../../src/chat/format.ts';
import { a, b, quote, textLength, toHtml, toText, type Node } from './html.ts';
import { encodeButton } from './buttons.ts';

/** Telegram's limit for a message text, in UTF-16 code units after entity parsing. */
export const MAX_MESSAGE = 4096;
/** Longest title shown in a source line. */
const TITLE_CHARS = 300;
/** Longest short answer shown (the engine gives at most 300). */
const ANSWER_CHARS = 600;
/** How much of the passage an answer quotes; longer ones get a "whole passage" button. */
export const PREVIEW_CHARS = 500;
/** Quotes longer than this are expandable (collapsed to a few lines until tapped). */
const EXPANDABLE_FROM = 250;

/** One Telegram message, ready to send. */
export interface OutMessage {
  /** For `parse_mode: 'HTML'`. */
  html: string;
  /** What users read: the same message as plain text (also the fallback if the HTML is refused). */
  text: string;
  keyboard?: InlineKeyboardMarkup;
}

export interface RenderOptions {
  /** Article titles: isolated for the reader's direction where a decline names them. */
  titles?: readonly string[];
}

/** The messages for a reply, in order; none for `silent`. */
export function renderReply(reply: Reply, options: RenderOptions = {}): OutMessage[] {
  switch (reply.type) {
    case 'answer':
      return [renderAnswer(reply)];
    case 'matches':
      return renderMatches(reply.matches, reply.lang);
    case 'passage':
      return renderPassage(reply.text, reply.source, reply.lang);
    case 'help': {
      const tx = t(reply.lang);
      const examples = reply.examples.length ? [`\n${tx.examplesIntro}`, ...reply.examples.map((e) => `• ${e}`)] : [];
      return pack([reply.text, ...examples]);
    }
    case 'sources': {
      const lines: Node[] = [b(reply.title)];
      for (const s of reply.articles) lines.push(['• ', sourceName(s, reply.lang)]);
      return pack(lines);
    }
    case 'decline':
      return pack([wrapPhrases(reply.text, reply.topics ?? options.titles ?? [], (title) => bidi(title, reply.lang))]);
    case 'notice':
      return pack([reply.text]);
    case 'silent':
      return [];
  }
}

export interface AnswerOptions {
  /** Most of the passage to quote (default {@link PREVIEW_CHARS}); a cut passage gets a "whole passage" button. */
  previewChars?: number;
  /** Buttons under the answer (default true; inline results have none). */
  buttons?: boolean;
}

/** An answer: short answer with its span in bold, source line, passage quote, buttons. */
export function renderAnswer(reply: AnswerReply, options: AnswerOptions = {}): OutMessage {
  const { match, lang } = reply;
  const head: Node[] = [answerNodes(match), '\n\n', sourceLine(match.source, lang), '\n'];
  const room = MAX_MESSAGE - textLength(head);
  const max = Math.min(options.previewChars ?? PREVIEW_CHARS, room);
  const passage = cutAtSentence(match.passage, max);
  const cut = passage !== match.passage;
  const nodes: Node[] = [...head, quote(passage, { expandable: passage.length > EXPANDABLE_FROM })];
  const tx = t(lang);
  const row: InlineKeyboardButton[] = [];
  if (options.buttons !== false) {
    if (cut) row.push({ text: tx.wholePassage, callback_data: encodeButton({ kind: 'passage', lang, passageId: match.passageId }) });
    if (reply.othersKey) row.push({ text: tx.otherMatches, callback_data: encodeButton({ kind: 'others', lang, key: reply.othersKey }) });
  }
  return message(nodes, row.length ? { inline_keyboard: [row] } : undefined);
}

/** "Other matches": each with its answer, source and a quote; long quotes get their own "whole passage" button. */
export function renderMatches(matches: Match[], lang: Lang): OutMessage[] {
  const tx = t(lang);
  const blocks: Node[] = [];
  const buttons: InlineKeyboardButton[] = [];
  matches.forEach((m, i) => {
    const head: Node[] = [`${i + 1}. `, answerNodes(m), '\n', sourceLine(m.source, lang), '\n'];
    const passage = cutAtSentence(m.passage, Math.min(PREVIEW_CHARS, MAX_MESSAGE - textLength(head) - textLength(tx.otherMatches) - 2));
    blocks.push([...head, quote(passage, { expandable: passage.length > EXPANDABLE_FROM })]);
    if (passage !== m.passage) {
      buttons.push({ text: `${tx.wholePassage} (${i + 1})`, callback_data: encodeButton({ kind: 'passage', lang, passageId: m.passageId }) });
    }
  });
  const messages = pack([b(tx.otherMatches), ...blocks], '\n\n');
  if (buttons.length) messages[messages.length - 1].keyboard = { inline_keyboard: [buttons] };
  return messages;
}

/** A whole passage with its source; split over several messages if it is longer than one can hold. */
export function renderPassage(text: string, source: SourceRef, lang: Lang): OutMessage[] {
  const head: Node[] = [sourceLine(source, lang), '\n'];
  const parts = splitText(text, MAX_MESSAGE - textLength(head));
  return parts.map((part, i) => message([...(i === 0 ? head : []), quote(part, { expandable: part.length > EXPANDABLE_FROM })]));
}

/** Inline mode: one result per match (answer as the title, passage start as the description). */
export function inlineResult(reply: AnswerReply): InlineQueryResultArticle {
  const m = reply.match;
  const msg = renderAnswer(reply, { buttons: false, previewChars: MAX_MESSAGE });
  return {
    type: 'article',
    id: `p${m.passageId}`,
    title: cutAtSentence(m.answer, 120),
    description: cutAtSentence(m.passage, 160),
    input_message_content: { message_text: msg.html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
  };
}

/** Inline mode: a result that says the articles do not answer. */
export function inlineDecline(text: string, lang: Lang, titles: readonly string[]): InlineQueryResultArticle {
  const [msg] = renderReply({ type: 'decline', lang, text, topics: [...titles] });
  return {
    type: 'article',
    id: 'decline',
    title: cutAtSentence(text, 80),
    ...(text.length > 80 ? { description: cutAtSentence(text, 160) } : {}),
    input_message_content: { message_text: msg.html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
  };
}

// ---------------------------------------------------------------------------------------------------------------

function message(nodes: Node, keyboard?: InlineKeyboardMarkup): OutMessage {
  return { html: toHtml(nodes), text: toText(nodes), ...(keyboard ? { keyboard } : {}) };
}

/** The short answer with the answering span in bold. */
function answerNodes(m: Match): Node {
  const answer = cutAtSentence(m.answer, ANSWER_CHARS);
  const h = m.highlight;
  if (!h || h.end > answer.length || h.start >= h.end) return answer;
  // Never split an emoji (a surrogate pair) between bold and plain text.
  const inPair = (i: number) => i > 0 && i < answer.length && /[\uDC00-\uDFFF]/.test(answer[i]);
  const start = inPair(h.start) ? h.start - 1 : h.start;
  const end = inPair(h.end) ? h.end + 1 : h.end;
  return [answer.slice(0, start), b(answer.slice(start, end)), answer.slice(end)];
}

/** "Source: <title> (date)", the title linked when the article has a URL. */
function sourceLine(s: SourceRef, lang: Lang): Node {
  return [`${t(lang).source}: `, sourceName(s, lang)];
}

function sourceName(s: Pick<SourceRef, 'title' | 'url' | 'date'>, lang: Lang): Node {
  const title = bidi(cutAtSentence(s.title, TITLE_CHARS), lang);
  return [a(s.url, title), s.date ? ` (${bidi(s.date, lang)})` : ''];
}

/** `text` isolated for the reader's direction where needed (see `isolateForReader`). */
export function bidi(text: string, lang: Lang): string {
  return isolateForReader(text, lang);
}

/**
 * Packs blocks into as few messages as fit, joined by `separator`. A block
 * longer than a message is split at sentences (text) or cut (formatted).
 */
export function pack(blocks: Node[], separator = '\n'): OutMessage[] {
  const messages: Node[][] = [];
  let current: Node[] = [];
  let length = 0;
  const flush = () => {
    if (current.length) messages.push(current);
    current = [];
    length = 0;
  };
  for (const block of blocks.flatMap((blk) => fitBlock(blk))) {
    const size = textLength(block);
    const extra = current.length ? separator.length : 0;
    if (length + extra + size > MAX_MESSAGE) flush();
    if (current.length) current.push(separator);
    current.push(block);
    length += (current.length > 1 ? separator.length : 0) + size;
  }
  flush();
  return messages.map((m) => message(m));
}

function fitBlock(block: Node): Node[] {
  if (textLength(block) <= MAX_MESSAGE) return [block];
  if (typeof block === 'string') return splitText(block, MAX_MESSAGE);
  // Formatted blocks are built to fit; if one does not, keep its text, cut.
  return [cutAtSentence(toText(block), MAX_MESSAGE)];
}
