/**
 * Just enough of an HTML reader for the page tests (the repository has no DOM library):
 * the start tags with their attributes, in document order, with each tag checked to be
 * closed in order. Script and style bodies are skipped; everything else the pages put
 * between tags is escaped text, so a `<` there would itself be a finding.
 */

export interface Element {
  tag: string;
  attributes: Map<string, string>;
  classes: Set<string>;
  /** The text up to the element's end, tags removed (for leaf-like elements such as <text>). */
  text: string;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const TAG = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([\w:-]+)(?:="([^"]*)")?/g;

const unescape = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '');

export function parseHtml(html: string): Element[] {
  const body = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, '<$1></$1>');
  const elements: Element[] = [];
  const open: { tag: string; element: Element; start: number }[] = [];
  let last = 0;
  for (const match of body.matchAll(TAG)) {
    const between = body.slice(last, match.index);
    if (between.replace('<!DOCTYPE html>', '').includes('<')) {
      throw new Error(`a stray "<" in text: ${between.slice(0, 80)}`);
    }
    last = match.index + match[0].length;
    const [, closing, rawTag, rawAttributes = '', selfClosing] = match;
    const tag = rawTag!.toLowerCase();
    if (closing) {
      const top = open.pop();
      if (!top || top.tag !== tag) throw new Error(`</${tag}> closes <${top?.tag ?? 'nothing'}>`);
      top.element.text = unescape(body.slice(top.start, match.index).replace(/<[^>]*>/g, ''));
      continue;
    }
    const attributes = new Map<string, string>();
    for (const a of rawAttributes.matchAll(ATTRIBUTE)) attributes.set(a[1]!, unescape(a[2] ?? ''));
    const element: Element = { tag, attributes, classes: new Set((attributes.get('class') ?? '').split(/\s+/).filter(Boolean)), text: '' };
    elements.push(element);
    if (!selfClosing && !VOID.has(tag)) open.push({ tag, element, start: last });
  }
  if (open.length > 0) throw new Error(`unclosed: ${open.map((o) => `<${o.tag}>`).join(' ')}`);
  return elements;
}

export const withClass = (elements: readonly Element[], name: string) => elements.filter((e) => e.classes.has(name));
export const byId = (elements: readonly Element[], id: string) => elements.find((e) => e.attributes.get('id') === id);
