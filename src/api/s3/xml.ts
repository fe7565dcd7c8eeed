/**
 * S3's XML: responses are written here (escaped text in a fixed element order, as S3 sends them,
 * no whitespace between elements); the few request bodies S3 takes as XML are read with
 * fast-xml-parser, with values kept as strings (an ETag or a key must not turn into a number).
 */
import { XMLParser } from 'fast-xml-parser';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A child element: `[name, text]` (skipped when text is undefined), or `[name, children]`. */
export type XmlNode = readonly [string, string | number | boolean | undefined | readonly XmlNode[]];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[c] ?? c);
}

function render(nodes: readonly XmlNode[]): string {
  let out = '';
  for (const [name, value] of nodes) {
    if (value === undefined) continue;
    out += typeof value === 'object' ? `<${name}>${render(value)}</${name}>` : `<${name}>${escapeXml(String(value))}</${name}>`;
  }
  return out;
}

/** A whole document: the declaration and one root element, in S3's namespace unless `namespaced` is false. */
export function xmlDocument(root: string, children: readonly XmlNode[], namespaced = true): string {
  return `${DECLARATION}<${root}${namespaced ? ` xmlns="${S3_NAMESPACE}"` : ''}>${render(children)}</${root}>`;
}

/** S3's timestamp form in XML: ISO 8601 with milliseconds, in whole seconds as S3 keeps them. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  removeNSPrefix: true,
  processEntities: true,
  isArray: (name) => name === 'Part' || name === 'Object',
});

/** Parses a request body; undefined when it is not well-formed XML. */
export function parseXml(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = parser.parse(text, true);
    return typeof value === 'object' && value !== null ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}
