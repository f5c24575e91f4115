/**
 * Discord's request-body checks, reproduced for the fake.
 *
 * Errors come back in Discord's "Invalid Form Body" shape (code 50035): a tree that
 * mirrors the body, with `_errors: [{ code, message }]` at the offending field.
 * discord.js flattens that tree into its error message, e.g.
 * `Invalid Form Body\ncontent[BASE_TYPE_MAX_LENGTH]: Must be 2000 or fewer in length.`
 *
 * The limits and the common codes (BASE_TYPE_MAX_LENGTH, BASE_TYPE_BAD_LENGTH,
 * BASE_TYPE_REQUIRED, BASE_TYPE_CHOICES, APPLICATION_COMMAND_INVALID_NAME,
 * MAX_EMBED_SIZE_EXCEEDED) are Discord's. The codes of rarer errors are best
 * guesses: tests should assert on the status, the 50035 code and the field path.
 */

export interface FieldError {
  code: string;
  message: string;
}

type Path = Array<string | number>;

/** Collects field errors into Discord's nested `errors` tree. */
export class FormErrors {
  readonly tree: Record<string, unknown> = {};
  readonly flat: Array<{ path: string; code: string; message: string }> = [];

  add(path: Path, code: string, message: string): void {
    let node = this.tree as Record<string, unknown>;
    for (const key of path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k] as Record<string, unknown>;
    }
    ((node._errors ??= []) as FieldError[]).push({ code, message });
    this.flat.push({ path: path.join('.'), code, message });
  }

  get empty(): boolean {
    return this.flat.length === 0;
  }

  /** The 400 body Discord sends. */
  body(): { code: number; message: string; errors: Record<string, unknown> } {
    return { code: 50035, message: 'Invalid Form Body', errors: this.tree };
  }
}

/** Discord's locales (https://discord.com/developers/docs/reference#locales). There is no Arabic. */
export const DISCORD_LOCALES = [
  'id', 'da', 'de', 'en-GB', 'en-US', 'es-ES', 'es-419', 'fr', 'hr', 'it', 'lt', 'hu', 'nl', 'no', 'pl',
  'pt-BR', 'ro', 'fi', 'sv-SE', 'vi', 'tr', 'cs', 'el', 'bg', 'ru', 'uk', 'hi', 'th', 'zh-CN', 'ja', 'zh-TW', 'ko',
] as const;

const LOCALE_SET = new Set<string>(DISCORD_LOCALES);

/** Length as Discord counts it (code points, not UTF-16 units). */
export function textLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function maxLen(errs: FormErrors, path: Path, value: unknown, max: number): void {
  if (typeof value === 'string' && textLength(value) > max) {
    errs.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }
}

function badLen(errs: FormErrors, path: Path, value: unknown, min: number, max: number): void {
  if (typeof value !== 'string') {
    errs.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  const n = textLength(value);
  if (n < min || n > max) errs.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
}

function arrayMax(errs: FormErrors, path: Path, value: unknown, max: number): value is unknown[] {
  if (value === undefined || value === null) return false;
  if (!Array.isArray(value)) {
    errs.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return false;
  }
  if (value.length > max) errs.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  return true;
}

function validUrl(s: unknown, schemes = ['http:', 'https:', 'attachment:']): boolean {
  if (typeof s !== 'string') return false;
  try {
    return schemes.includes(new URL(s).protocol);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- messages

export interface MessageCheckOptions {
  /** Prefix of every error path (`['data']` inside interaction callbacks). */
  prefix?: Path;
  /** How many files come with the body (multipart); files make a message non-empty. */
  fileCount?: number;
  /** A PATCH: absent fields are left as they are, so only present fields are checked. */
  edit?: boolean;
}

/** Sum of the embed texts Discord counts toward the 6000-character limit. */
export function embedTextTotal(embeds: unknown[]): number {
  let total = 0;
  for (const e of embeds) {
    if (!isObj(e)) continue;
    const add = (v: unknown) => {
      if (typeof v === 'string') total += textLength(v);
    };
    add(e.title);
    add(e.description);
    add(e.footer?.text);
    add(e.author?.name);
    if (Array.isArray(e.fields)) for (const f of e.fields) if (isObj(f)) (add(f.name), add(f.value));
  }
  return total;
}

function checkEmbeds(errs: FormErrors, p: Path, embeds: unknown): void {
  if (!arrayMax(errs, [...p, 'embeds'], embeds, 10)) return;
  const list = embeds as unknown[];
  list.forEach((e, i) => {
    const ep = [...p, 'embeds', i];
    if (!isObj(e)) {
      errs.add(ep, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    maxLen(errs, [...ep, 'title'], e.title, 256);
    maxLen(errs, [...ep, 'description'], e.description, 4096);
    if (e.url !== undefined && e.url !== null && !validUrl(e.url, ['http:', 'https:'])) {
      errs.add([...ep, 'url'], 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
    }
    if (e.color !== undefined && e.color !== null && (!Number.isInteger(e.color) || e.color < 0 || e.color > 0xffffff)) {
      errs.add([...ep, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
    }
    if (e.timestamp !== undefined && e.timestamp !== null && Number.isNaN(Date.parse(String(e.timestamp)))) {
      errs.add([...ep, 'timestamp'], 'DATE_TYPE_PARSE', 'Could not parse timestamp. Should be ISO8601.');
    }
    if (e.footer !== undefined && e.footer !== null) {
      if (!isObj(e.footer) || typeof e.footer.text !== 'string') errs.add([...ep, 'footer', 'text'], 'BASE_TYPE_REQUIRED', 'This field is required');
      else maxLen(errs, [...ep, 'footer', 'text'], e.footer.text, 2048);
    }
    if (e.author !== undefined && e.author !== null) {
      if (!isObj(e.author) || typeof e.author.name !== 'string') errs.add([...ep, 'author', 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
      else maxLen(errs, [...ep, 'author', 'name'], e.author.name, 256);
      if (isObj(e.author) && e.author.url != null && !validUrl(e.author.url, ['http:', 'https:'])) {
        errs.add([...ep, 'author', 'url'], 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
      }
    }
    for (const img of ['image', 'thumbnail'] as const) {
      if (e[img] != null && !validUrl(e[img]?.url)) errs.add([...ep, img, 'url'], 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
    }
    if (arrayMax(errs, [...ep, 'fields'], e.fields, 25)) {
      (e.fields as unknown[]).forEach((f, j) => {
        const fp = [...ep, 'fields', j];
        if (!isObj(f)) return errs.add(fp, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
        if (typeof f.name !== 'string' || f.name.length === 0) errs.add([...fp, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
        else maxLen(errs, [...fp, 'name'], f.name, 256);
        if (typeof f.value !== 'string' || f.value.length === 0) errs.add([...fp, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
        else maxLen(errs, [...fp, 'value'], f.value, 1024);
      });
    }
  });
  if (embedTextTotal(list) > 6000) {
    errs.add([...p, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  }
}

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

function checkComponents(errs: FormErrors, p: Path, components: unknown, flags: number): void {
  if (components === undefined || components === null) return;
  if (flags & (1 << 15)) {
    // IS_COMPONENTS_V2: a different layout system the fake does not model.
    errs.add([...p, 'flags'], 'FAKE_UNSUPPORTED', 'The fake does not support IS_COMPONENTS_V2 messages');
    return;
  }
  if (!arrayMax(errs, [...p, 'components'], components, 5)) return;
  const seen = new Set<string>();
  (components as unknown[]).forEach((row, i) => {
    const rp = [...p, 'components', i];
    if (!isObj(row) || row.type !== 1) {
      errs.add([...rp, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
      return;
    }
    const children = row.components;
    if (!Array.isArray(children) || children.length < 1 || children.length > 5) {
      errs.add([...rp, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
      return;
    }
    const hasSelect = children.some((c) => isObj(c) && SELECT_TYPES.has(c.type));
    if (hasSelect && children.length > 1) {
      errs.add([...rp, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
    }
    children.forEach((c, j) => {
      const cp = [...rp, 'components', j];
      if (!isObj(c)) return errs.add(cp, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      if (c.type === 2) {
        if (!Number.isInteger(c.style) || c.style < 1 || c.style > 6) {
          errs.add([...cp, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
        }
        maxLen(errs, [...cp, 'label'], c.label, 80);
        if (c.style === 5) {
          if (!validUrl(c.url, ['http:', 'https:', 'discord:'])) errs.add([...cp, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
          if (c.custom_id !== undefined) errs.add([...cp, 'custom_id'], 'COMPONENT_INVALID_FIELD', 'A link button cannot have a custom_id');
        } else if (c.style !== 6) {
          badLen(errs, [...cp, 'custom_id'], c.custom_id, 1, 100);
        }
        if (c.style !== 6 && (c.label === undefined || c.label === '') && !c.emoji) {
          errs.add([...cp, 'label'], 'BASE_TYPE_REQUIRED', 'This field is required');
        }
      } else if (SELECT_TYPES.has(c.type)) {
        badLen(errs, [...cp, 'custom_id'], c.custom_id, 1, 100);
        maxLen(errs, [...cp, 'placeholder'], c.placeholder, 150);
        if (c.type === 3) {
          if (!Array.isArray(c.options) || c.options.length < 1 || c.options.length > 25) {
            errs.add([...cp, 'options'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
          } else {
            c.options.forEach((o: any, k: number) => {
              badLen(errs, [...cp, 'options', k, 'label'], o?.label, 1, 100);
              badLen(errs, [...cp, 'options', k, 'value'], o?.value, 1, 100);
              maxLen(errs, [...cp, 'options', k, 'description'], o?.description, 100);
            });
          }
        }
      } else {
        errs.add([...cp, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).');
      }
      if (typeof c.custom_id === 'string') {
        if (seen.has(c.custom_id)) errs.add([...cp, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
        seen.add(c.custom_id);
      }
    });
  });
}

function checkAllowedMentions(errs: FormErrors, p: Path, am: unknown): void {
  if (am === undefined || am === null) return;
  const ap = [...p, 'allowed_mentions'];
  if (!isObj(am)) return errs.add(ap, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  if (am.parse !== undefined) {
    if (!Array.isArray(am.parse)) errs.add([...ap, 'parse'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    else
      am.parse.forEach((v: unknown, i: number) => {
        if (!['roles', 'users', 'everyone'].includes(v as string)) {
          errs.add([...ap, 'parse', i], 'BASE_TYPE_CHOICES', "Value must be one of ('roles', 'users', 'everyone').");
        }
      });
  }
  for (const key of ['users', 'roles'] as const) {
    if (am[key] === undefined) continue;
    if (arrayMax(errs, [...ap, key], am[key], 100) && Array.isArray(am.parse) && am.parse.includes(key) && am[key].length > 0) {
      errs.add(ap, 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${key}"] and ${key}: [ids...] are mutually exclusive.`);
    }
  }
}

/**
 * Checks a message body (create or edit). Returns a FormErrors (maybe empty) and
 * whether the message would be empty (Discord 50006) — for edits the caller
 * decides emptiness on the merged result.
 */
export function checkMessageBody(body: unknown, opts: MessageCheckOptions = {}): { errors: FormErrors; empty: boolean } {
  const errs = new FormErrors();
  const p = opts.prefix ?? [];
  const b = isObj(body) ? body : {};
  if (b.content !== undefined && b.content !== null) {
    if (typeof b.content !== 'string') errs.add([...p, 'content'], 'BASE_TYPE_STRING', 'Must be a string.');
    else maxLen(errs, [...p, 'content'], b.content, 2000);
  }
  checkEmbeds(errs, p, b.embeds);
  checkComponents(errs, p, b.components, Number(b.flags ?? 0));
  checkAllowedMentions(errs, p, b.allowed_mentions);
  if (b.sticker_ids !== undefined) arrayMax(errs, [...p, 'sticker_ids'], b.sticker_ids, 3);
  const empty = !hasVisibleContent(b) && !(opts.fileCount && opts.fileCount > 0);
  return { errors: errs, empty };
}

/** Whether a message (body or stored) shows anything: Discord refuses to send one that does not. */
export function hasVisibleContent(m: Record<string, any>): boolean {
  return (
    (typeof m.content === 'string' && m.content.length > 0) ||
    (Array.isArray(m.embeds) && m.embeds.length > 0) ||
    (Array.isArray(m.components) && m.components.length > 0) ||
    (Array.isArray(m.attachments) && m.attachments.length > 0) ||
    (Array.isArray(m.sticker_ids) && m.sticker_ids.length > 0) ||
    isObj(m.poll)
  );
}

export const EMPTY_MESSAGE = { message: 'Cannot send an empty message', code: 50006 } as const;

// ---------------------------------------------------------------- autocomplete

/** Checks the `data` of an autocomplete callback (type 8). */
export function checkAutocompleteData(data: unknown): FormErrors {
  const errs = new FormErrors();
  if (!isObj(data) || !Array.isArray(data.choices)) {
    errs.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return errs;
  }
  if (data.choices.length > 25) errs.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  data.choices.forEach((c: unknown, i: number) => {
    const cp = ['data', 'choices', i];
    if (!isObj(c)) return errs.add(cp, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    badLen(errs, [...cp, 'name'], c.name, 1, 100);
    if (typeof c.value === 'string') maxLen(errs, [...cp, 'value'], c.value, 100);
    else if (typeof c.value !== 'number') errs.add([...cp, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
    checkLocalizationKeys(errs, [...cp, 'name_localizations'], c.name_localizations, (v, lp) => badLen(errs, lp, v, 1, 100));
  });
  return errs;
}

// ---------------------------------------------------------------- application commands

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkChatInputName(errs: FormErrors, path: Path, name: unknown): void {
  if (typeof name !== 'string') return errs.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  const n = textLength(name);
  if (n < 1 || n > 32) return errs.add(path, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
  if (!NAME_RE.test(name) || name.toLowerCase() !== name) {
    errs.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
}

function checkLocalizationKeys(
  errs: FormErrors,
  path: Path,
  map: unknown,
  checkValue: (value: unknown, path: Path) => void,
): void {
  if (map === undefined || map === null) return;
  if (!isObj(map)) return errs.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  for (const [key, value] of Object.entries(map)) {
    if (!LOCALE_SET.has(key)) {
      errs.add([...path, key], 'BASE_TYPE_CHOICES', `Value must be one of (${DISCORD_LOCALES.map((l) => `'${l}'`).join(', ')}).`);
      continue;
    }
    if (value === null) continue;
    checkValue(value, [...path, key]);
  }
}

const OPTION_TYPES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

function checkOptions(errs: FormErrors, path: Path, options: unknown, depth: number): void {
  if (!arrayMax(errs, path, options, 25)) return;
  const list = options as unknown[];
  const names = new Set<string>();
  let sawOptional = false;
  const kinds = new Set<'sub' | 'value'>();
  list.forEach((o, i) => {
    const op = [...path, i];
    if (!isObj(o)) return errs.add(op, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    if (!OPTION_TYPES.includes(o.type)) {
      return errs.add([...op, 'type'], 'BASE_TYPE_CHOICES', `Value must be one of {${OPTION_TYPES.join(', ')}}.`);
    }
    checkChatInputName(errs, [...op, 'name'], o.name);
    badLen(errs, [...op, 'description'], o.description, 1, 100);
    checkLocalizationKeys(errs, [...op, 'name_localizations'], o.name_localizations, (v, lp) => checkChatInputName(errs, lp, v));
    checkLocalizationKeys(errs, [...op, 'description_localizations'], o.description_localizations, (v, lp) => badLen(errs, lp, v, 1, 100));
    if (typeof o.name === 'string') {
      if (names.has(o.name)) errs.add([...op, 'name'], 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option name is already used in these options');
      names.add(o.name);
    }
    const isSub = o.type === 1 || o.type === 2;
    kinds.add(isSub ? 'sub' : 'value');
    if (isSub) {
      if (o.type === 2 && depth > 0) errs.add([...op, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Sub-command groups cannot be nested');
      if (o.type === 1 && depth > 1) errs.add([...op, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Sub-commands cannot be nested this deep');
      if (o.type === 2 && Array.isArray(o.options) && o.options.some((c: any) => c?.type !== 1)) {
        errs.add([...op, 'options'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Sub-command groups may only contain sub-commands');
      }
      if (o.required) errs.add([...op, 'required'], 'APPLICATION_COMMAND_OPTION_INVALID', 'Sub-commands cannot be required');
      checkOptions(errs, [...op, 'options'], o.options, depth + 1);
      return;
    }
    if (o.options !== undefined) errs.add([...op, 'options'], 'APPLICATION_COMMAND_OPTION_INVALID', 'Only sub-commands may have options');
    if (o.required) {
      if (sawOptional) errs.add(op, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    } else sawOptional = true;
    const choiceType = o.type === 3 || o.type === 4 || o.type === 10;
    if (o.autocomplete) {
      if (!choiceType) errs.add([...op, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_INVALID', 'Autocomplete is only for string, integer and number options');
      if (Array.isArray(o.choices) && o.choices.length > 0) {
        errs.add([...op, 'autocomplete'], 'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID', 'Autocomplete cannot be set with choices');
      }
    }
    if (o.choices !== undefined) {
      if (!choiceType) errs.add([...op, 'choices'], 'APPLICATION_COMMAND_OPTION_INVALID', 'Choices are only for string, integer and number options');
      if (arrayMax(errs, [...op, 'choices'], o.choices, 25)) {
        (o.choices as unknown[]).forEach((c, k) => {
          const cp = [...op, 'choices', k];
          if (!isObj(c)) return errs.add(cp, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
          badLen(errs, [...cp, 'name'], c.name, 1, 100);
          checkLocalizationKeys(errs, [...cp, 'name_localizations'], c.name_localizations, (v, lp) => badLen(errs, lp, v, 1, 100));
          if (o.type === 3) {
            if (typeof c.value !== 'string') errs.add([...cp, 'value'], 'BASE_TYPE_STRING', 'Must be a string.');
            else maxLen(errs, [...cp, 'value'], c.value, 100);
          } else if (typeof c.value !== 'number' || (o.type === 4 && !Number.isInteger(c.value))) {
            errs.add([...cp, 'value'], 'NUMBER_TYPE_COERCE', `Value "${String(c.value)}" is not ${o.type === 4 ? 'int' : 'a number'}.`);
          }
        });
      }
    }
    if (o.min_length !== undefined && (!Number.isInteger(o.min_length) || o.min_length < 0 || o.min_length > 6000)) {
      errs.add([...op, 'min_length'], 'NUMBER_TYPE_MAX', 'int value should be between 0 and 6000.');
    }
    if (o.max_length !== undefined && (!Number.isInteger(o.max_length) || o.max_length < 1 || o.max_length > 6000)) {
      errs.add([...op, 'max_length'], 'NUMBER_TYPE_MAX', 'int value should be between 1 and 6000.');
    }
  });
  if (kinds.size > 1) errs.add(path, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command and sub-command group option types are mutually exclusive to all other types');
}

/** Checks one command body; `path` is its place in the request (e.g. `[3]` in a bulk PUT). */
export function checkCommand(errs: FormErrors, path: Path, cmd: unknown): void {
  if (!isObj(cmd)) return errs.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  const type = cmd.type ?? 1;
  if (![1, 2, 3, 4].includes(type)) return errs.add([...path, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4}.');
  if (type === 1 || type === 4) {
    checkChatInputName(errs, [...path, 'name'], cmd.name);
    badLen(errs, [...path, 'description'], cmd.description, 1, 100);
    checkLocalizationKeys(errs, [...path, 'name_localizations'], cmd.name_localizations, (v, lp) => checkChatInputName(errs, lp, v));
    checkLocalizationKeys(errs, [...path, 'description_localizations'], cmd.description_localizations, (v, lp) => badLen(errs, lp, v, 1, 100));
    if (type === 1) checkOptions(errs, [...path, 'options'], cmd.options, 0);
  } else {
    badLen(errs, [...path, 'name'], cmd.name, 1, 32);
    if (cmd.description !== undefined && cmd.description !== '') {
      errs.add([...path, 'description'], 'APPLICATION_COMMAND_INVALID_DESCRIPTION', 'Context menu commands cannot have a description');
    }
    checkLocalizationKeys(errs, [...path, 'name_localizations'], cmd.name_localizations, (v, lp) => badLen(errs, lp, v, 1, 32));
    if (cmd.options !== undefined && Array.isArray(cmd.options) && cmd.options.length > 0) {
      errs.add([...path, 'options'], 'APPLICATION_COMMAND_OPTION_INVALID', 'Context menu commands cannot have options');
    }
  }
  if (cmd.contexts != null && (!Array.isArray(cmd.contexts) || cmd.contexts.some((c: unknown) => ![0, 1, 2].includes(c as number)))) {
    errs.add([...path, 'contexts'], 'BASE_TYPE_CHOICES', 'Value must be one of {0, 1, 2}.');
  }
  if (cmd.integration_types != null && (!Array.isArray(cmd.integration_types) || cmd.integration_types.some((c: unknown) => ![0, 1].includes(c as number)))) {
    errs.add([...path, 'integration_types'], 'BASE_TYPE_CHOICES', 'Value must be one of {0, 1}.');
  }
}

/** Checks a bulk-overwrite body (PUT .../commands). */
export function checkCommandList(body: unknown): FormErrors {
  const errs = new FormErrors();
  if (!Array.isArray(body)) {
    errs.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return errs;
  }
  const perType = new Map<number, number>();
  const names = new Set<string>();
  body.forEach((cmd, i) => {
    checkCommand(errs, [i], cmd);
    const type = (isObj(cmd) && cmd.type) || 1;
    perType.set(type, (perType.get(type) ?? 0) + 1);
    const key = `${type}:${isObj(cmd) ? cmd.name : ''}`;
    if (names.has(key)) errs.add([], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
    names.add(key);
  });
  if ((perType.get(1) ?? 0) > 100) errs.add([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  return errs;
}
