/**
 * A tiny tree for Telegram's HTML `parse_mode`: the renderer builds messages
 * as nodes, and gets from the same tree the HTML to send (every text escaped)
 * and the plain text users will read (to measure against Telegram's 4096
 * limit, and to resend as plain text if Telegram ever refuses the HTML).
 *
 * ```ts
 * const msg = ['Doha ', b('2022'), '\n', quote('a <long> & passage', { expandable: true })];
 * toHtml(msg)  // → 'Doha <b>2022</b>\n<blockquote expandable>a &lt;long&gt; &amp; passage</blockquote>'
 * toText(msg)  // → 'Doha 2022\na <long> & passage'
 * ```
 */
import { httpUrl } from '../../src/chat/format.ts';

/** Text, an element, or a run of nodes. */
export type Node = string | Element | Node[];

export interface Element {
  tag: 'b' | 'i' | 'a' | 'blockquote';
  /** For `a`: an http(s) URL. */
  href?: string;
  /** For `blockquote`: collapsed until the reader expands it. */
  expandable?: boolean;
  children: Node[];
}

export const b = (...children: Node[]): Element => ({ tag: 'b', children });
export const i = (...children: Node[]): Element => ({ tag: 'i', children });

/** A link, or just the text when `href` is not an http(s) URL. */
export function a(href: string | undefined, ...children: Node[]): Node {
  const url = httpUrl(href);
  return url ? { tag: 'a', href: url, children } : children;
}

export function quote(text: string, options: { expandable?: boolean } = {}): Element {
  return { tag: 'blockquote', expandable: options.expandable === true, children: [text] };
}

/** Escapes text for Telegram HTML: `&`, `<`, `>` and `"` (for attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

export function toHtml(nodes: Node): string {
  if (typeof nodes === 'string') return escapeHtml(nodes);
  if (Array.isArray(nodes)) return nodes.map(toHtml).join('');
  const inner = toHtml(nodes.children);
  if (nodes.tag === 'a') return `<a href="${escapeHtml(nodes.href ?? '')}">${inner}</a>`;
  if (nodes.tag === 'blockquote') return `<blockquote${nodes.expandable ? ' expandable' : ''}>${inner}</blockquote>`;
  return `<${nodes.tag}>${inner}</${nodes.tag}>`;
}

/** The text users read once Telegram has parsed the HTML. */
export function toText(nodes: Node): string {
  if (typeof nodes === 'string') return nodes;
  if (Array.isArray(nodes)) return nodes.map(toText).join('');
  return toText(nodes.children);
}

/** Length as Telegram counts it (UTF-16 code units of the parsed text). */
export function textLength(nodes: Node): number {
  return toText(nodes).length;
}

