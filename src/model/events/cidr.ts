/**
 * IP addresses and CIDR blocks for the `cidr` matcher of event patterns. IPv4 addresses are held
 * as unsigned 32-bit numbers and IPv6 addresses as bigints, so a membership test is a mask and a
 * compare. An IPv4 address never falls in an IPv6 block (IPv4-mapped forms are not unified).
 */

export interface CidrBlock {
  /** True when `text` is an address of the block's family inside the block. */
  contains(text: string): boolean;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The address as an unsigned 32-bit number, or undefined when `text` is not dotted-quad IPv4. */
export function parseIpv4(text: string): number | undefined {
  const m = IPV4.exec(text);
  if (m === null) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    // A leading zero reads as octal in some parsers; refuse it rather than guess.
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

const HEXTET = /^[0-9a-f]{1,4}$/i;

function parseHextets(text: string): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const out: number[] = [];
  for (const part of parts) {
    if (!HEXTET.test(part)) return undefined;
    out.push(parseInt(part, 16));
  }
  return out;
}

/** The address as a 128-bit bigint, or undefined when `text` is not IPv6 (with `::` and an IPv4 tail allowed). */
export function parseIpv6(text: string): bigint | undefined {
  if (!text.includes(':')) return undefined;
  let body = text;
  let tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  const last = body.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIpv4(last);
    if (v4 === undefined) return undefined;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    body = body.slice(0, lastColon + 1) + '0';
    // The '0' placeholder keeps the split below uniform; it is dropped again here.
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  let hextets: number[];
  if (halves.length === 2) {
    const head = parseHextets(halves[0] as string);
    const rest = parseHextets(halves[1] as string);
    if (head === undefined || rest === undefined) return undefined;
    if (tail.length > 0) rest.pop();
    const missing = 8 - head.length - rest.length - tail.length;
    if (missing < 1) return undefined;
    hextets = [...head, ...new Array<number>(missing).fill(0), ...rest, ...tail];
  } else {
    const all = parseHextets(body);
    if (all === undefined) return undefined;
    if (tail.length > 0) all.pop();
    hextets = [...all, ...tail];
  }
  if (hextets.length !== 8) return undefined;
  let value = 0n;
  for (const h of hextets) value = (value << 16n) | BigInt(h);
  return value;
}

/** Parses `a.b.c.d/n` or `<ipv6>/n`; undefined when the text is not a CIDR block. Host bits are ignored. */
export function parseCidr(text: string): CidrBlock | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  const v4 = parseIpv4(address);
  if (v4 !== undefined) {
    if (bits > 32) return undefined;
    const size = 2 ** (32 - bits);
    const base = v4 - (v4 % size);
    return { contains: (value) => {
      const ip = parseIpv4(value);
      return ip !== undefined && ip >= base && ip < base + size;
    } };
  }
  const v6 = parseIpv6(address);
  if (v6 === undefined || bits > 128) return undefined;
  const hostBits = BigInt(128 - bits);
  const base = (v6 >> hostBits) << hostBits;
  return { contains: (value) => {
    const ip = parseIpv6(value);
    return ip !== undefined && (ip >> hostBits) << hostBits === base;
  } };
}
