/**
 * The knowledge loader: turns the files of the `knowledge/` folder into
 * {@link ArticleDoc}s.
 *
 * What is read: every `.md`, `.markdown`, `.txt`, `.html` and `.htm` file of the
 * folder and its sub-folders (extensions are case-insensitive), in path order.
 * What is skipped silently: dotfiles and dot-folders (`.gitkeep`, `.DS_Store`,
 * `.git/`), and files named `README` / `README.*` in any case (so a folder can
 * carry a `README.md` explaining itself without it becoming an article). Any
 * other file is skipped with a {@link LoadProblem} ("unsupported file type").
 *
 * A file that cannot be used (binary, not UTF-8, empty, too large, broken front
 * matter, no text) is skipped with exactly one problem saying why; the other
 * files still load. The loader only ever reads: it never writes, renames or
 * deletes anything in the folder.
 *
 * Formats:
 * - **Markdown** (`.md`, `.markdown`): optional YAML front matter (`title`,
 *   `source`, `url`, `date`, `lang`); title falls back to the first `# ` heading,
 *   then to the file name. Markdown syntax is stripped so paragraphs read as plain
 *   quotable text. See {@link parseMarkdown}.
 * - **Plain text** (`.txt`): the first non-empty line is the headline; paragraphs
 *   are separated by blank lines (or are single lines when the body has no blank
 *   line at all). See {@link parseText}.
 * - **HTML** (`.html`, `.htm`): a saved article page; the main content is
 *   extracted with Mozilla Readability. See {@link parseHtml}.
 *
 * In every format: a UTF-8 BOM is stripped, CRLF/CR line ends are accepted,
 * NBSP and other odd spaces become plain spaces, runs of spaces are collapsed,
 * paragraphs are trimmed and empty ones dropped, and page furniture is removed
 * (see `furniture.ts`). Language is never detected here; `lang` is only what the
 * file says.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { parseDocument, YAMLError } from 'yaml';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import type { ArticleDoc, LoadProblem, LoadResult } from '../types.ts';
import { isFurniture, normaliseForMatch, splitTeaser } from './furniture.ts';

/**
 * Default size limit for one knowledge file: 2 MiB (2 × 1024 × 1024 bytes).
 * A news article is a few tens of KiB even as a saved HTML page; anything larger
 * is almost certainly not an article (a dump, a PDF renamed, a log) and would
 * slow every start. Override per call with `loadKnowledge(dir, { maxBytes })`.
 */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/** The extensions the loader reads (lower case, with the dot). */
export const KNOWLEDGE_EXTENSIONS: readonly string[] = ['.md', '.markdown', '.txt', '.html', '.htm'];

/** A file (or folder) that cannot be used; {@link reason} says why in one short sentence. */
export class KnowledgeError extends Error {
  /** Short human sentence, e.g. `not valid UTF-8 text`. */
  readonly reason: string;
  /** The file concerned, when known. */
  readonly file?: string;

  constructor(reason: string, file?: string) {
    super(file ? `${file}: ${reason}` : reason);
    this.name = 'KnowledgeError';
    this.reason = reason;
    this.file = file;
  }
}

export interface LoadOptions {
  /** Largest file accepted, in bytes; default {@link DEFAULT_MAX_BYTES} (2 MiB). */
  maxBytes?: number;
}

/**
 * Loads every article of `dir` (recursively). Files are visited in path order
 * (plain code-unit comparison of the relative paths, so the result does not
 * depend on the locale), and `file` is the path relative to `dir` with `/`
 * separators. Unusable files are skipped with one {@link LoadProblem} each.
 *
 * Skipped silently: dotfiles and dot-folders, and `README` / `README.*` files
 * (case-insensitive). Symbolic links to files are followed; links to folders are
 * not (reported as a problem).
 *
 * Never writes to the folder.
 *
 * @throws KnowledgeError when `dir` does not exist or is not a folder.
 */
export async function loadKnowledge(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) {
    throw new RangeError(`maxBytes must be a positive number, got ${maxBytes}`);
  }
  let st;
  try {
    st = await fsp.stat(dir);
  } catch {
    throw new KnowledgeError(`knowledge folder ${dir} does not exist`);
  }
  if (!st.isDirectory()) throw new KnowledgeError(`knowledge folder ${dir} is not a folder`);

  const articles: ArticleDoc[] = [];
  const problems: LoadProblem[] = [];
  const entries = await listFiles(dir, problems);

  for (const { rel, abs } of entries) {
    const ext = extensionOf(rel);
    if (!KNOWLEDGE_EXTENSIONS.includes(ext)) {
      problems.push({
        file: rel,
        reason: `unsupported file type${ext ? ` (${ext})` : ''}: only .md, .markdown, .txt, .html and .htm files are read`,
      });
      continue;
    }
    let size: number;
    try {
      size = (await fsp.stat(abs)).size;
    } catch (err) {
      problems.push({ file: rel, reason: `cannot be read (${errorCode(err)})` });
      continue;
    }
    if (size > maxBytes) {
      problems.push({ file: rel, reason: `larger than ${formatBytes(maxBytes)} limit (${formatBytes(size)})` });
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await fsp.readFile(abs);
    } catch (err) {
      problems.push({ file: rel, reason: `cannot be read (${errorCode(err)})` });
      continue;
    }
    // The file may have grown between stat and read.
    if (bytes.byteLength > maxBytes) {
      problems.push({ file: rel, reason: `larger than ${formatBytes(maxBytes)} limit (${formatBytes(bytes.byteLength)})` });
      continue;
    }
    try {
      articles.push(parseArticle(rel, bytes));
    } catch (err) {
      if (err instanceof KnowledgeError) problems.push({ file: rel, reason: err.reason });
      else problems.push({ file: rel, reason: `could not be parsed (${err instanceof Error ? err.message : String(err)})` });
    }
  }
  return { articles, problems };
}

/**
 * Parses one knowledge file. `file` is the name recorded in the result (normally
 * the path relative to the knowledge folder); its extension picks the format.
 *
 * @throws KnowledgeError for unusable input (binary, not UTF-8, empty, broken
 *   front matter, no article text left, unsupported extension).
 */
export function parseArticle(file: string, bytes: Uint8Array): ArticleDoc {
  const ext = extensionOf(file);
  if (!KNOWLEDGE_EXTENSIONS.includes(ext)) {
    throw new KnowledgeError(`unsupported file type${ext ? ` (${ext})` : ''}`, file);
  }
  const text = decode(file, bytes);
  let doc: ArticleDoc;
  if (ext === '.md' || ext === '.markdown') doc = parseMarkdown(file, text);
  else if (ext === '.txt') doc = parseText(file, text);
  else doc = parseHtml(file, text);
  if (doc.paragraphs.length === 0) {
    throw new KnowledgeError('no article text left after removing markup, headline and page furniture', file);
  }
  return doc;
}

// ---------------------------------------------------------------------------
// Folder walking

interface Entry {
  rel: string;
  abs: string;
}

/** True for names the loader skips without a word: dotfiles and README / README.*. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || /^readme(\..*)?$/i.test(name);
}

async function listFiles(root: string, problems: LoadProblem[]): Promise<Entry[]> {
  const out: Entry[] = [];
  async function walk(absDir: string, relDir: string): Promise<void> {
    let dirents;
    try {
      dirents = await fsp.readdir(absDir, { withFileTypes: true });
    } catch (err) {
      if (relDir === '') throw err;
      problems.push({ file: relDir, reason: `folder cannot be read (${errorCode(err)})` });
      return;
    }
    for (const d of dirents) {
      if (isIgnoredName(d.name)) continue;
      const abs = path.join(absDir, d.name);
      const rel = relDir ? `${relDir}/${d.name}` : d.name;
      if (d.isDirectory()) {
        await walk(abs, rel);
      } else if (d.isSymbolicLink()) {
        let target;
        try {
          target = await fsp.stat(abs);
        } catch {
          problems.push({ file: rel, reason: 'broken symbolic link' });
          continue;
        }
        if (target.isDirectory()) problems.push({ file: rel, reason: 'symbolic link to a folder, not followed' });
        else if (target.isFile()) out.push({ rel, abs });
      } else if (d.isFile()) {
        out.push({ rel, abs });
      }
    }
  }
  await walk(root, '');
  out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return out;
}

function extensionOf(file: string): string {
  return path.posix.extname(file.replace(/\\/g, '/')).toLowerCase();
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}

const KIB = 1024;
const MIB = 1024 * 1024;

function formatBytes(n: number): string {
  if (n >= MIB) return n % MIB === 0 ? `${n / MIB} MiB` : `${(n / MIB).toFixed(1)} MiB`;
  if (n >= KIB) return n % KIB === 0 ? `${n / KIB} KiB` : `${(n / KIB).toFixed(1)} KiB`;
  return n === 1 ? '1 byte' : `${n} bytes`;
}

// ---------------------------------------------------------------------------
// Bytes → text

/**
 * Checks that `bytes` are text and decodes them: refuses binary content (NUL
 * bytes, or mostly control characters), invalid UTF-8, empty and whitespace-only
 * files. Strips a UTF-8 BOM and turns CRLF / CR line ends into LF.
 */
function decode(file: string, bytes: Uint8Array): string {
  if (bytes.byteLength === 0) throw new KnowledgeError('empty file', file);
  if (bytes.includes(0)) throw new KnowledgeError('binary file (contains NUL bytes), not text', file);
  let control = 0;
  for (const b of bytes) {
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) control++;
  }
  if (control > 8 && control / bytes.byteLength > 0.1) {
    throw new KnowledgeError('binary file (mostly control characters), not text', file);
  }
  let text: string;
  try {
    // ignoreBOM: false (the default) means a leading BOM is removed.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new KnowledgeError('not valid UTF-8 text (save the file as UTF-8)', file);
  }
  text = text.replace(/\r\n?/g, '\n').replace(/[\u2028\u2029]/g, '\n');
  if (normaliseSpaces(text) === '') throw new KnowledgeError('contains only whitespace, no text', file);
  return text;
}

/** Odd spaces that become a plain space: NBSP, Ogham, en/em/thin/hair..., narrow NBSP, math space, ideographic space, tab, vertical tab, form feed. */
const ODD_SPACES = /[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
/** Invisible characters removed: zero-width space, BOM / zero-width no-break space, soft hyphen. (ZWNJ/ZWJ are kept: they matter in Arabic-script text.) */
const INVISIBLES = /[\u200B\uFEFF\u00AD]/g;

/** NBSP and other odd spaces → space, invisibles removed, runs of spaces collapsed, trimmed. */
export function normaliseSpaces(text: string): string {
  return text.replace(INVISIBLES, '').replace(ODD_SPACES, ' ').replace(/[ \n]+/g, (m) => (m.includes('\n') ? '\n' : ' ')).trim();
}

/** One paragraph: all whitespace (including newlines) collapsed to single spaces. */
function cleanParagraph(text: string): string {
  return normaliseSpaces(text).replace(/\s+/g, ' ');
}

/** Title from the file name: directory and extensions removed (`qatar-cup.ar.md` → `qatar cup`), dashes/underscores → spaces. */
function titleFromFileName(file: string): string {
  let base = path.posix.basename(file.replace(/\\/g, '/'));
  base = base.slice(0, base.length - path.posix.extname(base).length);
  base = base.replace(/\.[a-z]{2,3}(?:-[a-z]{2,4})?$/i, ''); // language tag: .ar, .fr, .en-GB
  const title = base.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return title || base || file;
}

/**
 * Paragraphs cleaned, emptied ones and furniture dropped, the headline not
 * repeated: leading paragraphs equal to one of `headlines` (the title, and for
 * HTML the page's `<h1>`) are dropped.
 */
function finishParagraphs(paragraphs: string[], ...headlines: string[]): string[] {
  const keys = new Set(headlines.map(normaliseForMatch).filter((k) => k !== ''));
  const out: string[] = [];
  for (const p of paragraphs) {
    const text = cleanParagraph(p);
    if (text === '' || isFurniture(text)) continue;
    if (out.length === 0 && keys.has(normaliseForMatch(text))) continue;
    out.push(text);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Markdown

interface FrontMatter {
  title?: string;
  source?: string;
  url?: string;
  date?: string;
  lang?: string;
  examples?: string[];
}

/**
 * Splits off and parses YAML front matter: a `---` line at the very top (after
 * an optional BOM) up to the next `---` (or `...`) line. Returns the fields and
 * the body; throws for an unterminated block, a YAML error, a block that is not a
 * mapping, or a field of the wrong type. Unknown keys are ignored.
 *
 * YAML 1.2 core schema: `date: 2022-05-24` stays the text as written (so does a
 * date-time); an explicit YAML timestamp (`!!timestamp 2022-05-24`) becomes its
 * UTC day as `YYYY-MM-DD`. Numbers are accepted as text (`title: 2022`).
 */
function splitFrontMatter(file: string, text: string): { meta: FrontMatter; body: string } {
  if (!/^---[ \t]*(\n|$)/.test(text)) return { meta: {}, body: text };
  const lines = text.split('\n');
  let end = -1;
  for (let i = 1; i < lines.length; i++) {
    if (/^(---|\.\.\.)[ \t]*$/.test(lines[i])) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new KnowledgeError("front matter is not closed: the opening '---' line has no closing '---' line", file);
  const yamlText = lines.slice(1, end).join('\n');
  const doc = parseDocument(yamlText, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const err: YAMLError = doc.errors[0];
    const where = err.linePos?.[0] ? ` (line ${err.linePos[0].line + 1})` : '';
    const msg = err.message.split('\n')[0].replace(/\s+at line \d+, column \d+:?\s*$/, '');
    throw new KnowledgeError(`front matter is not valid YAML${where}: ${msg}`, file);
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    throw new KnowledgeError(`front matter is not valid YAML: ${err instanceof Error ? err.message : String(err)}`, file);
  }
  const body = lines.slice(end + 1).join('\n');
  if (data === null || data === undefined) return { meta: {}, body };
  if (typeof data !== 'object' || Array.isArray(data) || data instanceof Date) {
    throw new KnowledgeError('front matter is not a mapping of `key: value` lines', file);
  }
  const record = data as Record<string, unknown>;
  const meta: FrontMatter = {};
  for (const key of ['title', 'source', 'url', 'lang'] as const) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' || typeof value === 'number') {
      const s = cleanParagraph(String(value));
      if (s !== '') meta[key] = s;
    } else {
      throw new KnowledgeError(`front matter field "${key}" must be a text, not ${describe(value)}`, file);
    }
  }
  const examples = record.examples;
  if (examples !== undefined && examples !== null) {
    const list = Array.isArray(examples) ? examples : [examples];
    if (!list.every((e) => typeof e === 'string')) {
      throw new KnowledgeError('front matter field "examples" must be a list of questions (texts)', file);
    }
    meta.examples = (list as string[]).map((e) => cleanParagraph(e)).filter((e) => e !== '');
  }
  const date = record.date;
  if (date instanceof Date) {
    if (Number.isNaN(date.getTime())) throw new KnowledgeError('front matter field "date" is not a valid date', file);
    meta.date = date.toISOString().slice(0, 10);
  } else if (typeof date === 'string' || typeof date === 'number') {
    const s = String(date).trim();
    if (s !== '') meta.date = s;
  } else if (date !== undefined && date !== null) {
    throw new KnowledgeError(`front matter field "date" must be a date (YYYY-MM-DD), not ${describe(date)}`, file);
  }
  return { meta, body };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'boolean') return 'true/false';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

const HTML_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  laquo: '«',
  raquo: '»',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (m, body: string) => {
    if (body[0] === '#') {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return HTML_ENTITIES[body.toLowerCase()] ?? m;
  });
}

/** Link destination with one level of nested parentheses (Wikipedia-style URLs). */
const LINK_DEST = String.raw`\((?:[^()\n]|\([^()\n]*\))*\)`;
// Bracket contents exclude `[` as well as `]` so that every scan stops at the
// next bracket: keeps the regexes linear on long lines full of brackets.
const IMAGE_RE = new RegExp(String.raw`!\[[^\[\]\n]*\](?:${LINK_DEST}|\[[^\[\]\n]*\])`, 'g');
const LINK_RE = new RegExp(String.raw`\[([^\[\]\n]+)\](?:${LINK_DEST}|\[[^\[\]\n]*\])`, 'g');
/** A whole (teaser) rest that is only a link, maybe wrapped in emphasis or quotes. */
const ONLY_LINK_RE = new RegExp(String.raw`^[*_"“”«»\s]*\[[^\]\n]+\](?:${LINK_DEST}|\[[^\]\n]*\])[*_"“”«»\s.]*$`);

interface DelimiterRun {
  start: number;
  end: number;
  /** `*`, `_` or `~`, with the run length: `**` and `*` never pair with each other. */
  kind: string;
  canOpen: boolean;
  canClose: boolean;
}

/**
 * Removes emphasis markers around words: `*a*`, `**a**`, `***a***`, `_a_`,
 * `__a__`, `~~a~~`, nested or not. A run opens when followed by a non-space and
 * closes when preceded by one; `_` never opens or closes inside a word (so
 * `snake_case` stays). Lone markers (`2 * 3`, a footnote `*`) are kept. Linear
 * time: openers wait on a stack and a closer looks back at most 16 of them.
 */
function stripEmphasis(line: string): string {
  if (!/[*_~]/.test(line)) return line;
  const runs: DelimiterRun[] = [];
  for (const m of line.matchAll(/\*+|_+|~+/g)) {
    const text = m[0];
    const ch = text[0];
    if (text.length > 3 || (ch === '~' && text.length !== 2)) continue;
    const start = m.index;
    const end = start + text.length;
    const before = line[start - 1] ?? ' ';
    const after = line[end] ?? ' ';
    let canOpen = !/\s/.test(after);
    let canClose = !/\s/.test(before) && before !== '\\';
    if (start > 0 && before === '\\') canOpen = false;
    if (ch === '_') {
      if (/[\p{L}\p{N}]/u.test(before)) canOpen = false;
      if (/[\p{L}\p{N}]/u.test(after)) canClose = false;
    }
    runs.push({ start, end, kind: text, canOpen, canClose });
  }
  const drop = new Set<DelimiterRun>();
  const openers: DelimiterRun[] = [];
  for (const run of runs) {
    if (run.canClose) {
      let j = openers.length - 1;
      const stop = Math.max(0, openers.length - 16);
      while (j >= stop && openers[j].kind !== run.kind) j--;
      if (j >= stop) {
        drop.add(openers[j]);
        drop.add(run);
        openers.length = j;
        continue;
      }
    }
    if (run.canOpen) openers.push(run);
  }
  if (drop.size === 0) return line;
  let out = '';
  let pos = 0;
  for (const run of runs) {
    if (!drop.has(run)) continue;
    out += line.slice(pos, run.start);
    pos = run.end;
  }
  return out + line.slice(pos);
}

/** Strips inline Markdown so the text reads as it would be quoted. */
function stripInline(line: string): string {
  let s = line;
  s = s.replace(IMAGE_RE, '');
  s = s.replace(/`+([^`\n]*?)`+/g, '$1');
  s = s.replace(LINK_RE, '$1');
  s = s.replace(/<((?:https?|mailto):[^<>\s]+)>/gi, '$1'); // autolinks
  s = s.replace(/<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/gi, ''); // inline HTML tags
  s = stripEmphasis(s);
  s = s.replace(/\\([!-/:-@[-`{-~])/g, '$1'); // backslash escapes
  return decodeEntities(s);
}

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const SETEXT_H1 = /^ {0,3}=+[ \t]*$/;
const BULLET = /^[ \t]*[-*+][ \t]+(.*)$/;
const ORDERED = /^[ \t]*(\d{1,9})[.)][ \t]+(.*)$/;
const FENCE = /^ {0,3}(```|~~~)/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*\S+/;

interface Block {
  text: string;
  /** Heading level 1-6, 0 for an ordinary paragraph or list item. */
  level: number;
}

/**
 * Markdown → {@link ArticleDoc}. Paragraphs are separated by blank lines; the
 * lines of a paragraph are joined with a space. Headings become short paragraphs
 * of their own (text only); each list item is its own paragraph; `>` markers,
 * emphasis `*`/`_`, `~~`, inline code backticks, HTML tags and comments are
 * removed; links keep their text; images and link definitions are dropped.
 *
 * Title: front matter `title`, else the first `# ` heading (which is then not a
 * paragraph), else the file name. A first paragraph repeating the title is
 * dropped.
 */
export function parseMarkdown(file: string, text: string): ArticleDoc {
  const { meta, body } = splitFrontMatter(file, text);
  const blocks: Block[] = [];
  let current: string[] = [];
  let currentIsItem = false;

  const flush = (level = 0): void => {
    if (current.length > 0) {
      const joined = cleanParagraph(current.join(' '));
      if (joined !== '' && !isFurniture(joined)) blocks.push({ text: joined, level });
    }
    current = [];
    currentIsItem = false;
  };
  const addLine = (raw: string): void => {
    if (LINK_DEFINITION.test(raw)) return;
    const teaserRest = splitTeaser(raw.trim());
    if (teaserRest !== undefined && ONLY_LINK_RE.test(teaserRest)) return;
    const stripped = cleanParagraph(stripInline(raw));
    if (stripped === '' || isFurniture(stripped)) return;
    current.push(stripped);
  };

  const source = body.replace(/<!--[\s\S]*?-->/g, '');
  let inFence = false;
  let currentQuoted = false;
  for (const rawLine of source.split('\n')) {
    if (FENCE.test(rawLine)) {
      flush();
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      // Code block: text kept as is (no Markdown inside), blank lines separate.
      const text = cleanParagraph(rawLine);
      if (text === '') flush();
      else current.push(text);
      continue;
    }
    // Blockquote markers, possibly nested (`> > text`).
    let line = rawLine;
    let quoted = false;
    while (/^ {0,3}>/.test(line)) {
      line = line.replace(/^ {0,3}> ?/, '');
      quoted = true;
    }
    if (normaliseSpaces(line) === '') {
      flush();
      continue;
    }
    // A quote starting or ending right after a text line is a new paragraph.
    if (quoted !== currentQuoted && current.length > 0) flush();
    currentQuoted = quoted;
    const heading = ATX_HEADING.exec(line);
    if (heading) {
      flush();
      if (heading[2]) current = [stripInline(heading[2])];
      flush(heading[1].length);
      continue;
    }
    if (!quoted && current.length > 0 && !currentIsItem && SETEXT_H1.test(line)) {
      flush(1);
      continue;
    }
    if (THEMATIC_BREAK.test(line)) {
      // `Text\n---` is a level-2 heading; a lone `---` / `***` is a rule.
      const isSetext = !quoted && current.length > 0 && !currentIsItem && /^ {0,3}-+[ \t]*$/.test(line);
      flush(isSetext ? 2 : 0);
      continue;
    }
    // Each list item is its own paragraph. As in CommonMark, an ordered item
    // interrupts a running paragraph only when it is numbered 1 (so a wrapped
    // line starting with "2022. " stays part of its paragraph).
    const bullet = BULLET.exec(line);
    const ordered = bullet ? null : ORDERED.exec(line);
    const itemText = bullet
      ? bullet[1]
      : ordered && (current.length === 0 || currentIsItem || ordered[1] === '1')
        ? ordered[2]
        : undefined;
    if (itemText !== undefined) {
      flush();
      addLine(itemText);
      currentIsItem = true;
      continue;
    }
    addLine(line);
  }
  flush();

  let title = meta.title;
  if (title === undefined) {
    const h1 = blocks.findIndex((b) => b.level === 1);
    if (h1 >= 0) {
      title = blocks[h1].text;
      blocks.splice(h1, 1);
    }
  }
  title ??= titleFromFileName(file);

  const doc: ArticleDoc = { title, file, paragraphs: finishParagraphs(blocks.map((b) => b.text), title) };
  if (meta.url !== undefined) doc.url = meta.url;
  if (meta.source !== undefined) doc.source = meta.source;
  if (meta.date !== undefined) doc.date = meta.date;
  if (meta.lang !== undefined) doc.lang = meta.lang;
  if (meta.examples?.length) doc.examples = meta.examples;
  return doc;
}

// ---------------------------------------------------------------------------
// Plain text

/**
 * Plain text → {@link ArticleDoc}. The first non-empty line that is not page
 * furniture is the headline. Paragraphs of the body are separated by blank lines
 * (lines of one paragraph joined with a space); when the body has no blank line
 * at all, each non-empty line is a paragraph. Furniture lines and "read also"
 * teaser lines (`اقرأ أيضا: ...`) are dropped.
 */
export function parseText(file: string, text: string): ArticleDoc {
  const lines = text.split('\n').map(normaliseSpaces);
  let i = 0;
  while (i < lines.length && (lines[i] === '' || isFurniture(lines[i]))) i++;
  const title = i < lines.length ? cleanParagraph(lines[i]) : titleFromFileName(file);
  const body = lines.slice(i + 1);
  const keep = (line: string): boolean => !isFurniture(line) && splitTeaser(line) === undefined;

  const first = body.findIndex((l) => l !== '');
  let last = body.length - 1;
  while (last >= 0 && body[last] === '') last--;
  const hasBlank = first >= 0 && body.slice(first, last + 1).some((l) => l === '');

  const paragraphs: string[] = [];
  if (!hasBlank) {
    for (const line of body) if (line !== '' && keep(line)) paragraphs.push(line);
  } else {
    let current: string[] = [];
    for (const line of [...body, '']) {
      if (line === '') {
        if (current.length > 0) paragraphs.push(current.join(' '));
        current = [];
      } else if (keep(line)) {
        current.push(line);
      }
    }
  }
  return { title, file, paragraphs: finishParagraphs(paragraphs, title) };
}

// ---------------------------------------------------------------------------
// HTML

/** Elements whose text is never article text. */
const NOISE_SELECTOR = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'canvas',
  'button',
  'select',
  'nav',
  'aside',
  'footer',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[aria-hidden="true"]',
  '[hidden]',
].join(',');
/** class/id words of share bars, social widgets, ads, related-article boxes and byline/date lines. */
const NOISE_CLASS =
  /(?:^|[\s_-])(?:share|sharing|sharedaddy|social|addthis|related|advert|ads|ad|breadcrumbs?|newsletter|comments?|meta|byline|dateline|date|author|tags)(?:$|[\s_-])/i;
/** Block elements whose text makes a paragraph. */
const BLOCK_SELECTOR = 'p,h1,h2,h3,h4,h5,h6,li,blockquote,pre,dd,dt';

// Minimal structural types for the parts of the DOM used here (the project
// compiles without the DOM lib; linkedom provides the implementation).
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
}
interface DomElement extends DomNode {
  tagName: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  closest(selector: string): DomElement | null;
  remove(): void;
}
interface DomDocument {
  documentElement: DomElement | null;
  body: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const SKIP_TEXT_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'BUTTON', 'SVG', 'SELECT', 'IFRAME']);

/** Visible text of an element: `<br>` becomes a space, scripts/styles/buttons are skipped. */
function textOf(node: DomNode): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1) return '';
  const tag = node.nodeName.toUpperCase();
  if (tag === 'BR') return ' ';
  if (SKIP_TEXT_TAGS.has(tag)) return '';
  let out = '';
  const kids = node.childNodes;
  for (let i = 0; i < kids.length; i++) out += textOf(kids[i]);
  // Block-level children should not glue words together.
  return /^(P|DIV|LI|H[1-6]|BLOCKQUOTE|TD|TH|TR|DD|DT|SECTION|ARTICLE)$/.test(tag) ? ` ${out} ` : out;
}

function attr(doc: DomDocument, selector: string, name: string): string | undefined {
  const value = doc.querySelector(selector)?.getAttribute(name)?.trim();
  return value ? value : undefined;
}

/** `YYYY-MM-DD` from an ISO-like date or date-time, else undefined. */
function isoDay(value: string | undefined): string | undefined {
  const m = value ? /^\s*(\d{4}-\d{2}-\d{2})/.exec(value) : null;
  return m ? m[1] : undefined;
}

/** True when `el` holds the article itself (so it must not be removed as noise). */
function holdsArticle(el: DomElement): boolean {
  const tag = el.tagName.toUpperCase();
  return (
    tag === 'HTML' ||
    tag === 'BODY' ||
    tag === 'ARTICLE' ||
    tag === 'MAIN' ||
    el.querySelector('article,main') !== null ||
    el.querySelectorAll('p').length > 3
  );
}

/** Share of an element's text that sits inside links (1 for a list of links). */
function linkDensity(el: DomElement): number {
  const total = cleanParagraph(textOf(el)).length;
  if (total === 0) return 0;
  const linked = Array.from(el.querySelectorAll('a')).reduce((n, a) => n + cleanParagraph(textOf(a)).length, 0);
  return linked / total;
}

/**
 * Removes what is never article text: scripts, styles, navigation, asides,
 * footers, buttons, hidden elements, forms (unless a form wraps the whole page,
 * as ASP.NET sites do), and share bars / social widgets / ads / related-article
 * boxes recognised by their class or id when they are short or mostly links.
 */
function removeNoise(root: DomDocument): void {
  for (const el of Array.from(root.querySelectorAll(NOISE_SELECTOR))) el.remove();
  for (const el of Array.from(root.querySelectorAll('form'))) if (!holdsArticle(el)) el.remove();
  for (const el of Array.from(root.querySelectorAll('[class],[id]'))) {
    const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (!NOISE_CLASS.test(names) || holdsArticle(el)) continue;
    if (cleanParagraph(textOf(el)).length < 500 || linkDensity(el) > 0.5) el.remove();
  }
}

/** Drops a "read also" teaser paragraph: `Read also: <a>headline</a>`. */
function isHtmlTeaser(el: DomElement, text: string): boolean {
  const rest = splitTeaser(text);
  if (rest === undefined) return false;
  const linked = cleanParagraph(Array.from(el.querySelectorAll('a')).map(textOf).join(' '));
  return linked !== '' && normaliseForMatch(linked) === normaliseForMatch(rest);
}

/** A block that is nothing but a `<time>` (a dateline, not article text). */
function isDateLine(el: DomElement, text: string): boolean {
  const times = Array.from(el.querySelectorAll('time'));
  return times.length > 0 && cleanParagraph(times.map(textOf).join(' ')) === text;
}

/** Paragraph texts of the block elements under `root` (innermost blocks only). */
function blockTexts(root: DomElement): string[] {
  const out: string[] = [];
  for (const el of Array.from(root.querySelectorAll(BLOCK_SELECTOR))) {
    if (el.querySelector(BLOCK_SELECTOR)) continue; // its inner blocks are taken instead
    const text = cleanParagraph(textOf(el));
    if (text === '' || isHtmlTeaser(el, text) || isDateLine(el, text)) continue;
    out.push(text);
  }
  if (out.length === 0) {
    const text = normaliseSpaces(textOf(root));
    for (const line of text.split('\n')) if (line.trim() !== '') out.push(line);
  }
  return out;
}

/**
 * HTML → {@link ArticleDoc}: a saved article page. Metadata is read from the
 * page head: `url` from `<link rel=canonical>` or `og:url`, `date` from
 * `article:published_time` or the first `<time datetime>` (as `YYYY-MM-DD`),
 * `lang` from `<html lang>` (primary subtag, lower case: `ar-MA` → `ar`).
 * Navigation, scripts, styles, forms, buttons, share bars, asides and footers
 * are removed, then Mozilla Readability extracts the main content; if it finds
 * none, the `<article>`, `<main>` or `<body>` is used. Paragraphs come from the
 * innermost p / h1-h6 / li / blockquote / pre blocks. Title: Readability's (from
 * `og:title` / `<title>`), shortened to the page's `<h1>` when the title is the
 * h1 plus a site name; else the `<h1>`, the `<title>`, the file name.
 */
export function parseHtml(file: string, html: string): ArticleDoc {
  // A fragment (no <html> element) gets the document around it that linkedom needs.
  if (!/<html[\s>]/i.test(html)) html = `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  const { document } = parseHTML(html) as unknown as { document: DomDocument };
  const root = document.documentElement;
  if (!root) throw new KnowledgeError('not an HTML page', file);

  const url = attr(document, 'link[rel~="canonical"]', 'href') ?? attr(document, 'meta[property="og:url"]', 'content');
  const date =
    isoDay(attr(document, 'meta[property="article:published_time"]', 'content')) ??
    isoDay(attr(document, 'meta[name="article:published_time"]', 'content')) ??
    isoDay(attr(document, 'time[datetime]', 'datetime'));
  const langAttr = root.getAttribute('lang')?.trim();
  const lang = langAttr ? langAttr.split(/[-_]/)[0].toLowerCase() : undefined;
  const pageTitle = cleanParagraph(textOf(document.querySelector('title') ?? ({ nodeType: 0 } as DomNode)));
  const h1El = document.querySelector('article h1') ?? document.querySelector('main h1') ?? document.querySelector('h1');
  const h1 = h1El ? cleanParagraph(textOf(h1El)) : '';

  removeNoise(document);

  let paragraphs: string[] = [];
  let readTitle = '';
  let parsed: ReturnType<Readability<DomElement>['parse']> = null;
  try {
    const reader = new Readability<DomElement>(document as never, { serializer: (node) => node as unknown as DomElement });
    parsed = reader.parse();
  } catch {
    parsed = null;
  }
  if (parsed?.content) {
    readTitle = cleanParagraph(parsed.title ?? '');
    paragraphs = blockTexts(parsed.content);
  }
  if (paragraphs.length === 0) {
    const fresh = parseHTML(html) as unknown as { document: DomDocument };
    removeNoise(fresh.document);
    const fallback =
      fresh.document.querySelector('article') ?? fresh.document.querySelector('main') ?? fresh.document.body;
    if (fallback) paragraphs = blockTexts(fallback);
  }

  let title = readTitle || h1 || pageTitle;
  if (h1 && title !== h1 && title.includes(h1)) title = h1;
  if (!title) title = titleFromFileName(file);

  const doc: ArticleDoc = { title, file, paragraphs: finishParagraphs(paragraphs, title, h1) };
  if (url) doc.url = url;
  if (date) doc.date = date;
  if (lang) doc.lang = lang;
  return doc;
}
