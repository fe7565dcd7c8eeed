/**
 * Readers for the typed values condition operators compare: numbers, dates, IP addresses and CIDR
 * blocks. Each returns undefined for text it cannot read, and an unreadable value matches nothing.
 */

/** IAM numbers: integers or decimals, optionally signed, e.g. `10`, `-2`, `1.5`. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

const ISO_DATE = new RegExp(
  '^([+-]?\\d{4,9})(?:-(\\d{2})(?:-(\\d{2}))?)?' // date: year, month, day
  + '(?:[Tt](\\d{2})(?::(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?)?' // time: hours, minutes, seconds
  + '([Zz]|[+-]\\d{2}(?::?\\d{2})?)?$', // zone
);

/**
 * An IAM date as epoch milliseconds. IAM takes ISO 8601 (`2026-01-31`, `2026-01-31T12:00:00Z`,
 * offsets such as `+02:00`; no zone means UTC) or, for text of digits only, epoch seconds (the form
 * of `aws:EpochTime`).
 */
export function parseIamDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const m = ISO_DATE.exec(trimmed);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? (i <= 3 && i > 1 ? 1 : 0)));
  const fraction = Number(`0.${m[7] ?? '0'}`);
  if (!inRange(month, 1, 12) || !inRange(day, 1, 31) || !inRange(hour, 0, 23) || !inRange(minute, 0, 59)
    || !inRange(second, 0, 59)) return undefined;
  // Build from a fixed year, then set the real one: Date.UTC maps years 0–99 to 1900–1999.
  const date = new Date(Date.UTC(2000, (month ?? 1) - 1, day, hour, minute, second));
  date.setUTCFullYear(year ?? 2000);
  return date.getTime() + Math.round(fraction * 1000) - zoneOffsetMs(m[8]);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
}

function inRange(value: number | undefined, min: number, max: number): boolean {
  return value !== undefined && Number.isInteger(value) && value >= min && value <= max;
}

/** An IPv4 (32-bit) or IPv6 (128-bit) address as a number. */
export interface IpAddress {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

/** A CIDR block; a bare address is a block of one (`/32` or `/128`). */
export interface CidrBlock extends IpAddress {
  readonly prefix: number;
}

export function parseIp(text: string): IpAddress | undefined {
  const trimmed = text.trim();
  const v4 = parseIpv4(trimmed);
  if (v4 !== undefined) return { bits: 32, value: v4 };
  const v6 = parseIpv6(trimmed);
  return v6 === undefined ? undefined : { bits: 128, value: v6 };
}

export function parseCidr(text: string): CidrBlock | undefined {
  const [address = '', prefixText, ...extra] = text.trim().split('/');
  const ip = parseIp(address);
  if (!ip || extra.length > 0) return undefined;
  if (prefixText === undefined) return { ...ip, prefix: ip.bits };
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  return prefix >= 0 && prefix <= ip.bits ? { ...ip, prefix } : undefined;
}

/** True when `ip` lies in `block`; an IPv4 address never lies in an IPv6 block, nor the reverse. */
export function cidrContains(block: CidrBlock, ip: IpAddress): boolean {
  if (block.bits !== ip.bits) return false;
  const hostBits = BigInt(block.bits - block.prefix);
  return (block.value >> hostBits) === (ip.value >> hostBits);
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

/** RFC 4291 text forms: eight hex groups, one `::` for a run of zeros, an IPv4 tail (`::ffff:1.2.3.4`). */
function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  // An IPv4 tail may only end the address.
  const dot = text.indexOf('.');
  if (halves.length > 2 || (dot >= 0 && text.indexOf(':', dot) >= 0)) return undefined;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  const words = groups.map((list) => list.flatMap(ipv6Words));
  if (words.some((list) => list.some((w) => w === undefined))) return undefined;
  const [head = [], tail = []] = words as number[][];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  return all.reduce((acc, w) => (acc << 16n) | BigInt(w), 0n);
}

/** One `:`-separated group as 16-bit words: a hex group, or two words for a dotted IPv4 tail. */
function ipv6Words(group: string): (number | undefined)[] {
  if (/^[0-9a-fA-F]{1,4}$/.test(group)) return [parseInt(group, 16)];
  const v4 = parseIpv4(group);
  if (v4 === undefined) return [undefined];
  return [Number(v4 >> 16n), Number(v4 & 0xffffn)];
}
