/**
 * Turning a platform-neutral {@link Reply} into a Discord message: embeds,
 * buttons and content within Discord's limits, markdown escaped, mentions
 * disabled. Pure functions: no client, no network.
 *
 * ```ts
 * const msg = renderReply(reply, { usage: '/ask', titles: ['…'] });
 * if (msg) await interaction.reply(interactionOptions(msg));
 * ```
 *
 * An answer is one embed: the article's title (linked when it has a URL), the
 * short answer with the answering span in bold, the passage as a block quote,
 * the date; with the buttons "whole passage" and "other matches".
 */
import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { Lang, Match, SourceRef } from '../../src/types.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { cutAtSentence, httpUrl, isolate, wrapPhrases } from '../../src/chat/format.ts';
import { t } from '../../src/chat/texts.ts';
import { othersButtonId, passageButtonId } from './custom-ids.ts';
import { directional, escapeMarkdown, fit, quote } from './text.ts';

/** Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  buttonLabel: 80,
} as const;

/** Sanad's colour on embeds (a calm green). */
const COLOUR = 0x2e7d5b;

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** What the adapter sends; `allowedMentions` is always `{ parse: [] }`. */
export interface DiscordMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: ButtonRow[];
  /** Only the user who asked sees it (interactions only). */
  ephemeral: boolean;
  allowedMentions: { parse: [] };
}

export interface RenderOptions {
  /** How to ask, for usage help: `/ask` or `@Sanad`. */
  usage: string;
  /** Article titles, kept in their own direction inside sentences (declines). */
  titles?: readonly string[];
}

const NO_MENTIONS = (): { parse: [] } => ({ parse: [] });

/** The message for `reply`, or null when nothing should be said (`silent`). */
export function renderReply(reply: Reply, options: RenderOptions): DiscordMessage | null {
  switch (reply.type) {
    case 'answer':
      return {
        embeds: [answerEmbed(reply.match, reply.lang)],
        components: [answerButtons(reply.match, reply.lang, reply.othersKey)],
        ephemeral: false,
        allowedMentions: NO_MENTIONS(),
      };
    case 'matches': {
      const embeds = fitTotal(reply.matches.map((m) => answerEmbed(m, reply.lang)));
      const buttons = reply.matches.map((m, i) => button(passageButtonId(m.passageId, reply.lang), `${t(reply.lang).wholePassage} (${i + 1})`));
      return { embeds, components: [row(buttons)], ephemeral: false, allowedMentions: NO_MENTIONS() };
    }
    case 'passage':
      return { embeds: [passageEmbed(reply.text, reply.source, reply.lang)], ephemeral: false, allowedMentions: NO_MENTIONS() };
    case 'help':
      return { embeds: [helpEmbed(reply.text, reply.examples, reply.lang, options.usage)], ephemeral: false, allowedMentions: NO_MENTIONS() };
    case 'sources':
      if (reply.articles.length === 0) return textMessage(reply.title, false);
      return { embeds: [sourcesEmbed(reply.title, reply.articles)], ephemeral: false, allowedMentions: NO_MENTIONS() };
    case 'decline':
      return textMessage(wrapPhrases(reply.text, reply.topics ?? options.titles ?? [], isolate), false);
    case 'notice':
      return textMessage(reply.text, true);
    case 'silent':
      return null;
  }
}

/** A plain text message (escaped, cut to 2,000 characters). */
export function textMessage(text: string, ephemeral: boolean): DiscordMessage {
  return { content: fit(text, LIMITS.content, (s) => directional(escapeMarkdown(s))), ephemeral, allowedMentions: NO_MENTIONS() };
}

/**
 * The answer with its span in bold, escaped, within `max`; as a block quote
 * when `quoted` (the answer is the whole passage).
 */
export function answerMarkdown(m: Match, max: number = LIMITS.description, quoted = false): string {
  const shape = (md: string) => directional(quoted ? quote(md) : md);
  if (m.highlight && m.highlight.end > m.highlight.start) {
    const { start, end } = m.highlight;
    let span = m.answer.slice(start, end);
    const lead = /^\s*/.exec(span)![0];
    const trail = /\s*$/.exec(span)![0];
    span = span.trim();
    if (span) {
      const md = shape(escapeMarkdown(m.answer.slice(0, start) + lead) + `**${escapeMarkdown(span)}**` + escapeMarkdown(trail + m.answer.slice(end)));
      if (md.length <= max) return md;
    }
  }
  return fit(m.answer, max, (s) => shape(escapeMarkdown(s)));
}

/** Whether the short answer already is the whole passage (then the passage is not repeated). */
export function answerIsPassage(m: Match): boolean {
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  return squash(m.answer) === squash(m.passage);
}

function title(source: SourceRef): Pick<APIEmbed, 'title' | 'url'> {
  const url = safeUrl(source.url);
  return { title: fit(source.title, LIMITS.title, escapeMarkdown), ...(url ? { url } : {}) };
}

function dateField(source: SourceRef, lang: Lang): APIEmbedField[] {
  if (!source.date) return [];
  return [{ name: t(lang).date, value: isolate(fit(source.date, LIMITS.fieldValue - 2, escapeMarkdown)), inline: true }];
}

export function answerEmbed(m: Match, lang: Lang): APIEmbed {
  const tx = t(lang);
  const whole = answerIsPassage(m);
  const fields: APIEmbedField[] = whole
    ? []
    : [{ name: tx.passage, value: fit(m.passage, LIMITS.fieldValue, (s) => directional(quote(escapeMarkdown(s)))) }];
  fields.push(...dateField(m.source, lang));
  return {
    color: COLOUR,
    ...title(m.source),
    // When the answer is the whole passage, it is shown once, quoted, with its span in bold.
    description: answerMarkdown(m, LIMITS.description, whole),
    ...(fields.length ? { fields } : {}),
  };
}

export function passageEmbed(text: string, source: SourceRef, lang: Lang): APIEmbed {
  return {
    color: COLOUR,
    ...title(source),
    description: fit(text, LIMITS.description, (s) => directional(quote(escapeMarkdown(s)))),
    ...(source.date ? { fields: dateField(source, lang) } : {}),
  };
}

export function helpEmbed(text: string, examples: string[], lang: Lang, usage: string): APIEmbed {
  const tx = t(lang);
  const parts = [escapeMarkdown(text), escapeMarkdown(tx.usage(isolate(usage)))];
  if (examples.length) parts.push(`**${escapeMarkdown(tx.examplesIntro)}**\n${examples.map((e) => `• ${escapeMarkdown(e)}`).join('\n')}`);
  return { color: COLOUR, description: fit(directional(parts.join('\n\n')), LIMITS.description) };
}

export function sourcesEmbed(heading: string, articles: ReadonlyArray<SourceRef & { passages: number }>): APIEmbed {
  const lines: string[] = [];
  let used = 0;
  for (const [i, a] of articles.entries()) {
    const name = escapeMarkdown(a.title);
    const url = safeUrl(a.url);
    const line = directional(`• ${url ? `[${name}](${url})` : name}${a.date ? ` — ${isolate(escapeMarkdown(a.date))}` : ''}`);
    const more = `• … (+${articles.length - i})`;
    if (used + line.length + 1 > LIMITS.description - more.length - 1) {
      lines.push(more);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return { color: COLOUR, title: fit(heading, LIMITS.title, escapeMarkdown), description: lines.join('\n') };
}

function button(customId: string, label: string): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: customId, label: label.slice(0, LIMITS.buttonLabel) };
}

function row(buttons: APIButtonComponentWithCustomId[]): ButtonRow {
  return { type: ComponentType.ActionRow, components: buttons.slice(0, 5) };
}

export function answerButtons(m: Match, lang: Lang, othersKey?: string): ButtonRow {
  const tx = t(lang);
  const buttons = [button(passageButtonId(m.passageId, lang), tx.wholePassage)];
  if (othersKey) buttons.push(button(othersButtonId(othersKey, lang), tx.otherMatches));
  return row(buttons);
}

/** Characters Discord counts towards the 6,000 of a message's embeds. */
export function embedTotal(embeds: readonly APIEmbed[]): number {
  let n = 0;
  for (const e of embeds) {
    n += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
    for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  }
  return n;
}

/** Shortens the longest texts of several embeds until together they fit in 6,000 characters. */
export function fitTotal(embeds: APIEmbed[]): APIEmbed[] {
  const shorten = (s: string, by: number) => {
    const keep = Math.max(60, s.length - by - 1);
    return s.slice(0, keep).replace(/\\$/, '') + '…';
  };
  for (let guard = 0; guard < 50; guard++) {
    const over = embedTotal(embeds) - LIMITS.embedTotal;
    if (over <= 0) break;
    // The longest description or field value gives way first.
    let target: { get: () => string; set: (v: string) => void } | undefined;
    let longest = 0;
    for (const e of embeds) {
      if ((e.description?.length ?? 0) > longest) {
        longest = e.description!.length;
        target = { get: () => e.description!, set: (v) => (e.description = v) };
      }
      for (const f of e.fields ?? []) {
        if (f.value.length > longest) {
          longest = f.value.length;
          target = { get: () => f.value, set: (v) => (f.value = v) };
        }
      }
    }
    if (!target || longest <= 61) break;
    target.set(shorten(target.get(), over));
  }
  return embeds;
}

/** `url` when it is an http(s) URL Discord accepts in a link; otherwise undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  // Parentheses would end a Markdown link early.
  const s = httpUrl(url)?.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return s && s.length <= 2048 ? s : undefined;
}

/** An embed flattened into text, for channels where the bot may not embed links. */
export function embedsAsText(msg: DiscordMessage): DiscordMessage {
  if (!msg.embeds?.length) return msg;
  const parts: string[] = msg.content ? [msg.content] : [];
  for (const e of msg.embeds) {
    if (e.title) parts.push(`**${e.title}**${e.url ? ` <${e.url}>` : ''}`);
    if (e.description) parts.push(e.description);
    for (const f of e.fields ?? []) parts.push(`**${f.name}**\n${f.value}`);
  }
  // Already escaped markdown: cut at a sentence, never leaving a lone backslash before the ellipsis.
  const content = cutAtSentence(parts.join('\n\n'), LIMITS.content).replace(/\\…$/, '…');
  const { embeds: _drop, ...rest } = msg;
  return { ...rest, content };
}

/** discord.js options for a channel message or an edit: never ephemeral. */
export function messageOptions(msg: DiscordMessage): {
  content?: string;
  embeds?: APIEmbed[];
  components?: ButtonRow[];
  allowedMentions: { parse: [] };
} {
  return {
    ...(msg.content !== undefined ? { content: msg.content } : {}),
    ...(msg.embeds ? { embeds: msg.embeds } : {}),
    ...(msg.components ? { components: msg.components } : {}),
    allowedMentions: { parse: [] },
  };
}

/** discord.js options for an interaction reply or follow-up (ephemeral when the message says so). */
export function interactionOptions(msg: DiscordMessage): ReturnType<typeof messageOptions> & { flags?: MessageFlags.Ephemeral } {
  return { ...messageOptions(msg), ...(msg.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
}
