// Reads the XML of S3's listing answers into a tree of elements and their text.
//
// Why not fast-xml-parser (the SDK's parser, which the app also uses for error bodies): a page of
// 1,000 keys took it ~23 ms of CPU here against ~1 ms for this, so listing the demo's 100,000-key
// folder spent ~2 s parsing. This reads only what S3's answers are made of — elements, text,
// character and the five predefined entities, CDATA, comments and the declaration — and refuses
// what they never hold: a DOCTYPE (so no entity is ever defined, let alone expanded) and
// anything malformed. Attributes are skipped, and a namespace prefix is dropped from a name.
// Text is kept as sent (not trimmed): keys may begin or end with spaces.

export interface XmlElement {
  name: string;
  /** The element's own text (entities decoded); for an element with children, what lies between them. */
  text: string;
  children: XmlElement[];
}

export class XmlError extends Error {
  override name = 'XmlError';
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[entity] ?? whole;
  });
}

/** The document's root element. Throws XmlError on anything that is not well-formed. */
export function readXml(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  const fail = (why: string): never => {
    throw new XmlError(`The answer is not well-formed XML (${why} at ${at}).`);
  };
  const addText = (raw: string) => {
    const open = stack[stack.length - 1];
    if (open) open.text += raw;
    else if (raw.trim()) fail('text outside the root element');
  };
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    if (lt < 0) {
      addText(xml.slice(at));
      break;
    }
    if (lt > at) addText(decode(xml.slice(at, lt)));
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x2f /* / */) {
      const gt = xml.indexOf('>', lt);
      if (gt < 0) fail('an unclosed end tag');
      const name = localName(xml.slice(lt + 2, gt).trim());
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> closes ${open ? `<${open.name}>` : 'nothing'}`);
      at = gt + 1;
    } else if (next === 0x3f /* ? */) {
      const end = xml.indexOf('?>', lt);
      if (end < 0) fail('an unclosed declaration');
      at = end + 2;
    } else if (next === 0x21 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end < 0) fail('an unclosed comment');
        at = end + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end < 0) fail('an unclosed CDATA section');
        addText(xml.slice(lt + 9, end));
        at = end + 3;
      } else {
        fail('a DOCTYPE or other declaration S3 never sends');
      }
    } else {
      const gt = tagEnd(xml, lt);
      if (gt < 0) fail('an unclosed start tag');
      const selfClosing = xml.charCodeAt(gt - 1) === 0x2f;
      const name = localName(xml.slice(lt + 1, nameEnd(xml, lt + 1, gt)));
      if (!name) fail('a tag without a name');
      const element: XmlElement = { name, text: '', children: [] };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (!selfClosing) stack.push(element);
      at = gt + 1;
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) fail('no root element');
  return root!;
}

/** Where a start tag ends: its `>`, past quoted attribute values that may hold one. */
function tagEnd(xml: string, lt: number): number {
  for (let at = lt + 1; at < xml.length; at++) {
    const c = xml.charCodeAt(at);
    if (c === 0x3e /* > */) return at;
    if (c === 0x22 || c === 0x27 /* " ' */) {
      at = xml.indexOf(xml[at]!, at + 1);
      if (at < 0) return -1;
    }
  }
  return -1;
}

/** The end of a start tag's name: the first space, `/` or `>`. */
function nameEnd(xml: string, from: number, gt: number): number {
  for (let at = from; at < gt; at++) {
    const c = xml.charCodeAt(at);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f) return at;
  }
  return gt;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** The text of `element`'s first child called `name`. */
export function childText(element: XmlElement, name: string): string | undefined {
  for (const child of element.children) if (child.name === name) return child.text;
  return undefined;
}
