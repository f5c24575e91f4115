/**
 * Telegram's HTML `parse_mode`, re-implemented for tests.
 *
 * `parseTelegramHtml(html)` turns a string written for `parse_mode: 'HTML'` into what Telegram stores: the
 * plain text and its `entities` (offsets and lengths in UTF-16 code units), or throws `TelegramHtmlError` with a
 * message worded like Telegram's ("Unsupported start tag "br" at byte offset 5"; the Bot API answers
 * `400 Bad Request: can't parse entities: <message>`).
 *
 * It follows TDLib's `parse_html` (td/telegram/MessageEntity.cpp), which is what the Bot API server runs:
 * - tags: b, strong, i, em, u, ins, s, strike, del, tg-spoiler, span class="tg-spoiler", a href, code,
 *   pre, pre > code class="language-x", blockquote, blockquote expandable, tg-emoji emoji-id; tag names
 *   are case-insensitive but attribute names are not (`HREF` is ignored, as by Telegram), unknown
 *   attributes are ignored, `</>` closes the innermost tag;
 * - entities: &lt; &gt; &amp; &quot; and numeric &#NN; / &#xHH;;
 * - the error messages and byte offsets (in UTF-8) of TDLib;
 * - an `<a>` whose link Telegram would refuse (e.g. `javascript:`) gives no entity; an empty href links
 *   to the text itself; `tg://user?id=N` gives a `text_mention`.
 *
 * One deliberate difference, on by default (`strict: true`): TDLib keeps an `&` that does not start one of
 * the entities above as a literal `&`, and decodes `&lt` without its `;`. The Bot API documentation says
 * every `&` that is not part of an entity must be written `&amp;`, and a sender that doesn't escape `&`
 * shows its users garbled text as soon as a source contains "&lt;" or "&amp;". So in strict mode a bare `&`,
 * an unknown named entity (`&nbsp;`) or an entity without its `;` is an error. Pass `{ strict: false }` to
 * get exactly Telegram's lenient behaviour. A bare `>` is accepted in both modes, as Telegram does.
 *
 * Not reproduced: `tg-time` (refused as an unsupported tag here), the normalisation of link URLs that
 * Telegram's servers apply (the URL is kept as written, with `http://` added when it has no scheme).
 */

/** A Bot API MessageEntity. */
export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
  user?: { id: number; is_bot: boolean; first_name: string };
}

/** A Telegram HTML parse error; `message` is what Telegram puts after "can't parse entities: ". */
export class TelegramHtmlError extends Error {
  /** Byte offset (UTF-8) of the offending tag or character, when the message names one. */
  readonly byteOffset: number | undefined;

  constructor(message: string, byteOffset?: number) {
    super(message);
    this.name = 'TelegramHtmlError';
    this.byteOffset = byteOffset;
  }

  /** The Bot API's error description for this error. */
  get description(): string {
    return `Bad Request: can't parse entities: ${this.message}`;
  }
}

export interface ParseTelegramHtmlOptions {
  /** Refuse a bare `&`, unknown named entities and entities without `;` (default true); see the module doc. */
  strict?: boolean;
}

const SUPPORTED_TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  's',
  'strike',
  'del',
  'u',
  'ins',
  'tg-spoiler',
  'tg-emoji',
  'span',
  'pre',
  'code',
  'blockquote',
]);

// TDLib's sort order for entities that start and end at the same place.
const TYPE_PRIORITY: Record<string, number> = {
  blockquote: 0,
  expandable_blockquote: 0,
  pre: 11,
  code: 20,
  text_link: 49,
  text_mention: 49,
  mention: 50,
  hashtag: 50,
  cashtag: 50,
  bot_command: 50,
  url: 50,
  email: 50,
  phone_number: 50,
  bold: 90,
  italic: 91,
  underline: 92,
  strikethrough: 93,
  spoiler: 94,
  custom_emoji: 99,
};

/** Sorts entities the way Telegram returns them: by offset, longer first, then by TDLib's type priority. */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort(
    (a, b) =>
      a.offset - b.offset ||
      b.length - a.length ||
      (TYPE_PRIORITY[a.type] ?? 50) - (TYPE_PRIORITY[b.type] ?? 50),
  );
}

const SPACE = new Set([0x20, 0x09, 0x0d, 0x0a, 0x0b, 0x0c, 0x00]);
const isSpace = (c: number): boolean => SPACE.has(c);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAlnum = (c: number): boolean => isDigit(c) || isAlpha(c);
const isHexDigit = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

function appendUtf8(out: number[], code: number): void {
  if (code < 0x80) {
    out.push(code);
  } else if (code < 0x800) {
    out.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  } else {
    out.push(
      0xf0 | (code >> 18),
      0x80 | ((code >> 12) & 0x3f),
      0x80 | ((code >> 6) & 0x3f),
      0x80 | (code & 0x3f),
    );
  }
}

interface Decoded {
  code: number;
  /** Index just after the entity. */
  end: number;
}

/** TDLib's decode_html_entity; `bytes[pos]` is '&'. Returns null when Telegram would keep the '&' literally. */
function decodeEntity(bytes: Uint8Array, pos: number, strict: boolean): Decoded | null {
  const at = (i: number): number => (i < bytes.length ? bytes[i] : 0);
  let end = pos + 1;
  let code = 0;
  if (at(pos + 1) === 0x23 /* # */) {
    end++;
    if (at(pos + 2) === 0x78 /* x */) {
      end++;
      while (isHexDigit(at(end))) {
        code = code * 16 + parseInt(String.fromCharCode(at(end++)), 16);
        if (code > 0x10ffff) code = 0x110000; // keep it bounded; it is refused below anyway
      }
    } else {
      while (isDigit(at(end))) {
        code = code * 10 + (at(end++) - 0x30);
        if (code > 0x10ffff) code = 0x110000;
      }
    }
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) {
      return strictFailure(bytes, pos, end, strict);
    }
  } else {
    while (isAlpha(at(end))) end++;
    const name = Buffer.from(bytes.subarray(pos + 1, end)).toString('latin1');
    const named: Record<string, number> = { lt: 0x3c, gt: 0x3e, amp: 0x26, quot: 0x22 };
    if (!(name in named)) return strictFailure(bytes, pos, end, strict);
    code = named[name];
  }
  if (at(end) === 0x3b /* ; */) {
    end++;
  } else if (strict) {
    const written = Buffer.from(bytes.subarray(pos, end)).toString('utf8');
    throw new TelegramHtmlError(
      `HTML entity "${written}" at byte offset ${pos} must end with ";" (strict mode of the fake)`,
      pos,
    );
  }
  return { code, end };
}

function strictFailure(bytes: Uint8Array, pos: number, end: number, strict: boolean): null {
  if (!strict) return null;
  const terminated = end < bytes.length && bytes[end] === 0x3b; /* ; */
  if (!terminated || end === pos + 1) {
    throw new TelegramHtmlError(
      `Character "&" at byte offset ${pos} must be escaped as "&amp;" (strict mode of the fake)`,
      pos,
    );
  }
  const written = `${Buffer.from(bytes.subarray(pos, end)).toString('utf8')};`;
  throw new TelegramHtmlError(
    `Unsupported HTML entity "${written}" at byte offset ${pos} (strict mode of the fake)`,
    pos,
  );
}

/** What Telegram does with the href of an `<a>`: a user mention, a checked URL, or nothing. */
function linkEntity(url: string, offset: number, length: number): MessageEntity | null {
  const user = /^tg:(?:\/\/)?user\?id=(\d{1,15})$/i.exec(url);
  if (user) {
    return { type: 'text_mention', offset, length, user: { id: Number(user[1]), is_bot: false, first_name: '' } };
  }
  const trimmed = url.trim();
  if (trimmed === '' || /[\s<>"]/.test(trimmed)) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed);
  let checked = trimmed;
  if (scheme) {
    const name = scheme[1].toLowerCase();
    if (name === 'tg' || name === 'ton' || name === 'tonsite') {
      return /^[a-z]+:\/\/[a-z0-9_-]+/i.test(trimmed) ? { type: 'text_link', offset, length, url: trimmed } : null;
    }
    if (name !== 'http' && name !== 'https') {
      // "example.com:8080/x" has no scheme, it has a port.
      if (!/^[a-z0-9.-]+:\d+/i.test(trimmed)) return null;
      checked = `http://${trimmed}`;
    }
  } else {
    checked = `http://${trimmed}`;
  }
  try {
    const parsed = new URL(checked);
    if (!parsed.hostname || (!parsed.hostname.includes('.') && parsed.hostname !== 'localhost')) return null;
  } catch {
    return null;
  }
  return { type: 'text_link', offset, length, url: checked };
}

interface OpenTag {
  tag: string;
  argument: string;
  /** UTF-16 offset of the entity in the resulting text. */
  offset: number;
  /** Byte position in the resulting text. */
  resultPos: number;
}

/**
 * Parses Telegram HTML. Returns the plain text and the entities, sorted as Telegram sorts them.
 * Throws TelegramHtmlError, whose message is Telegram's description after "can't parse entities: ".
 *
 * This is only the parse step: the server then cleans and trims the text (see FakeTelegram), as Telegram does.
 */
export function parseTelegramHtml(
  html: string,
  options: ParseTelegramHtmlOptions = {},
): { text: string; entities: MessageEntity[] } {
  const strict = options.strict ?? true;
  const bytes = Buffer.from(html, 'utf8');
  if (bytes.includes(0)) throw new TelegramHtmlError('Text must not contain null bytes');
  const at = (i: number): number => (i < bytes.length ? bytes[i] : 0);
  const lower = (from: number, to: number): string => Buffer.from(bytes.subarray(from, to)).toString('utf8').toLowerCase();

  const out: number[] = [];
  const entities: MessageEntity[] = [];
  const nested: OpenTag[] = [];
  let utf16 = 0;
  let decodedSurrogate = false;

  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x26 /* & */) {
      const decoded = decodeEntity(bytes, i, strict);
      if (decoded) {
        utf16 += decoded.code > 0xffff ? 2 : 1;
        if (decoded.code >= 0xd800 && decoded.code <= 0xdfff) decodedSurrogate = true;
        appendUtf8(out, decoded.code);
        i = decoded.end - 1;
        continue;
      }
    }
    if (c !== 0x3c /* < */) {
      if ((c & 0xc0) !== 0x80) utf16 += c >= 0xf0 ? 2 : 1;
      out.push(c);
      continue;
    }

    const begin = i++;
    if (at(i) !== 0x2f /* / */) {
      // A start tag.
      while (!isSpace(at(i)) && at(i) !== 0x3e /* > */) i++;
      if (at(i) === 0) throw new TelegramHtmlError(`Unclosed start tag at byte offset ${begin}`, begin);
      const tag = lower(begin + 1, i);
      if (!SUPPORTED_TAGS.has(tag)) {
        throw new TelegramHtmlError(`Unsupported start tag "${tag}" at byte offset ${begin}`, begin);
      }

      let argument = '';
      while (at(i) !== 0x3e) {
        while (at(i) !== 0 && isSpace(at(i))) i++;
        if (at(i) === 0x3e) break;
        const nameBegin = i;
        while (
          !isSpace(at(i)) &&
          at(i) !== 0x3d /* = */ &&
          at(i) !== 0x3e &&
          at(i) !== 0x2f &&
          at(i) !== 0x22 /* " */ &&
          at(i) !== 0x27 /* ' */
        ) {
          i++;
        }
        const name = Buffer.from(bytes.subarray(nameBegin, i)).toString('utf8');
        if (name === '') {
          throw new TelegramHtmlError(`Empty attribute name in the tag "${tag}" at byte offset ${begin}`, begin);
        }
        while (at(i) !== 0 && isSpace(at(i))) i++;
        if (at(i) !== 0x3d) {
          if (at(i) === 0) throw new TelegramHtmlError(`Unclosed start tag "${tag}" at byte offset ${begin}`, begin);
          if (tag === 'blockquote' && name === 'expandable') argument = '1';
          continue;
        }
        i++;
        while (at(i) !== 0 && isSpace(at(i))) i++;
        if (at(i) === 0) throw new TelegramHtmlError(`Unclosed start tag "${tag}" at byte offset ${begin}`, begin);

        let value: string;
        if (at(i) !== 0x27 && at(i) !== 0x22) {
          // A name token: letters, digits, periods and hyphens; case-insensitive.
          const tokenBegin = i;
          while (isAlnum(at(i)) || at(i) === 0x2e || at(i) === 0x2d) i++;
          value = lower(tokenBegin, i);
          if (!isSpace(at(i)) && at(i) !== 0x3e) {
            throw new TelegramHtmlError(`Unexpected end of name token at byte offset ${tokenBegin}`, tokenBegin);
          }
        } else {
          const quote = at(i++);
          const valueBytes: number[] = [];
          while (at(i) !== quote && at(i) !== 0) {
            if (at(i) === 0x26) {
              const decoded = decodeEntity(bytes, i, strict);
              if (decoded) {
                appendUtf8(valueBytes, decoded.code);
                i = decoded.end;
                continue;
              }
            }
            valueBytes.push(at(i++));
          }
          if (at(i) === quote) i++;
          value = Buffer.from(valueBytes).toString('utf8');
        }
        if (at(i) === 0) throw new TelegramHtmlError(`Unclosed start tag at byte offset ${begin}`, begin);

        if (tag === 'a' && name === 'href') {
          argument = value;
        } else if (tag === 'code' && name === 'class' && value.startsWith('language-')) {
          argument = value.slice(9);
        } else if (tag === 'span' && name === 'class' && value.startsWith('tg-')) {
          argument = value.slice(3);
        } else if (tag === 'tg-emoji' && name === 'emoji-id') {
          argument = value;
        } else if (tag === 'blockquote' && name === 'expandable') {
          argument = '1';
        }
      }

      if (tag === 'span' && argument !== 'spoiler') {
        throw new TelegramHtmlError(`Tag "span" must have class "tg-spoiler" at byte offset ${begin}`, begin);
      }
      nested.push({ tag, argument, offset: utf16, resultPos: out.length });
      continue;
    }

    // An end tag.
    if (nested.length === 0) throw new TelegramHtmlError(`Unexpected end tag at byte offset ${begin}`, begin);
    while (!isSpace(at(i)) && at(i) !== 0x3e) i++;
    const endTag = lower(begin + 2, i);
    while (isSpace(at(i)) && at(i) !== 0) i++;
    if (at(i) !== 0x3e) throw new TelegramHtmlError(`Unclosed end tag at byte offset ${begin}`, begin);

    const open = nested[nested.length - 1];
    if (endTag !== '' && endTag !== open.tag) {
      throw new TelegramHtmlError(
        `Unmatched end tag at byte offset ${begin}, expected "</${open.tag}>", found "</${endTag}>"`,
        begin,
      );
    }
    if (utf16 > open.offset) {
      addEntity(entities, open, utf16 - open.offset, out);
    }
    nested.pop();
  }

  if (nested.length > 0) {
    throw new TelegramHtmlError(`Can't find end tag corresponding to start tag "${nested[nested.length - 1].tag}"`);
  }
  // A language is kept only for code inside pre.
  for (const entity of entities) {
    if (entity.type === 'code') delete entity.language;
  }
  if (decodedSurrogate) {
    throw new TelegramHtmlError(
      'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
    );
  }
  return { text: Buffer.from(out).toString('utf8'), entities: sortEntities(entities) };
}

function addEntity(entities: MessageEntity[], open: OpenTag, length: number, out: number[]): void {
  const offset = open.offset;
  const last = entities[entities.length - 1];
  const sameSpan = last !== undefined && last.offset === offset && last.length === length;
  switch (open.tag) {
    case 'b':
    case 'strong':
      entities.push({ type: 'bold', offset, length });
      return;
    case 'i':
    case 'em':
      entities.push({ type: 'italic', offset, length });
      return;
    case 'u':
    case 'ins':
      entities.push({ type: 'underline', offset, length });
      return;
    case 's':
    case 'strike':
    case 'del':
      entities.push({ type: 'strikethrough', offset, length });
      return;
    case 'tg-spoiler':
    case 'span':
      entities.push({ type: 'spoiler', offset, length });
      return;
    case 'tg-emoji': {
      const id = open.argument;
      if (!/^\d{1,19}$/.test(id) || BigInt(id) === 0n || BigInt(id) > 9223372036854775807n) {
        throw new TelegramHtmlError('Invalid custom emoji identifier specified');
      }
      entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: id });
      return;
    }
    case 'a': {
      const url = open.argument !== '' ? open.argument : Buffer.from(out.slice(open.resultPos)).toString('utf8');
      const entity = linkEntity(url, offset, length);
      if (entity) entities.push(entity);
      return;
    }
    case 'pre':
      if (sameSpan && last.type === 'code' && last.language) {
        last.type = 'pre';
      } else {
        entities.push({ type: 'pre', offset, length });
      }
      return;
    case 'code':
      if (sameSpan && last.type === 'pre' && last.language === undefined && open.argument !== '') {
        last.language = open.argument;
      } else if (open.argument !== '') {
        entities.push({ type: 'code', offset, length, language: open.argument });
      } else {
        entities.push({ type: 'code', offset, length });
      }
      return;
    case 'blockquote':
      entities.push({ type: open.argument !== '' ? 'expandable_blockquote' : 'blockquote', offset, length });
      return;
    default:
      throw new Error(`unreachable tag ${open.tag}`);
  }
}
