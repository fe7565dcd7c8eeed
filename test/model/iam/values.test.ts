// Readers of condition values: numbers, dates, IPv4 and IPv6 addresses and CIDR blocks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrContains, parseCidr, parseIamDate, parseIp, parseNumber } from '../../../src/model/iam/values.ts';

describe('condition values', () => {
  const numbers: [string, number | undefined][] = [['10', 10], [' -2.5 ', -2.5], ['.5', 0.5], ['1e3', 1000], ['ten', undefined], ['', undefined],
    ['0x10', undefined]];
  for (const [text, want] of numbers) {
    it(`number ${JSON.stringify(text)} → ${want}`, () => assert.equal(parseNumber(text), want));
  }

  const dates: [string, string | undefined][] = [
    ['2026-03-01T12:00:00Z', '2026-03-01T12:00:00.000Z'],
    ['2026-03-01t12:00:00z', '2026-03-01T12:00:00.000Z'],
    ['2026-03-01', '2026-03-01T00:00:00.000Z'],
    ['2026-03', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T12:30', '2026-03-01T12:30:00.000Z'],
    ['2026-03-01T12:00:00.5+02:00', '2026-03-01T10:00:00.500Z'],
    ['2026-03-01T12:00:00-0530', '2026-03-01T17:30:00.000Z'],
    ['1772366400', '2026-03-01T12:00:00.000Z'],
    ['0050-01-01', '0050-01-01T00:00:00.000Z'],
    ['2026-13-01', undefined], ['2026-03-01T24:00:00Z', undefined], ['March 1st', undefined], ['', undefined],
  ];
  for (const [text, want] of dates) {
    it(`date ${JSON.stringify(text)} → ${want}`, () => {
      const ms = parseIamDate(text);
      assert.equal(ms === undefined ? undefined : new Date(ms).toISOString(), want);
    });
  }

  const addresses: [string, string | undefined][] = [
    ['192.0.2.1', '32:3221225985'], ['255.255.255.255', '32:4294967295'], ['256.0.0.1', undefined], ['1.2.3', undefined],
    ['::', '128:0'], ['::1', '128:1'], ['2001:db8::', '128:42540766411282592856903984951653826560'],
    ['1:2:3:4:5:6:7:8', '128:5192455318486707404433266433261576'], ['1:2:3:4:5:6:7:8:9', undefined], ['1::2::3', undefined],
    ['::ffff:192.0.2.1', '128:281473902969345'], ['::192.0.2.1:1', undefined], ['12345::', undefined], ['gg::', undefined],
  ];
  for (const [text, want] of addresses) {
    it(`address ${text} → ${want}`, () => {
      const ip = parseIp(text);
      assert.equal(ip === undefined ? undefined : `${ip.bits}:${ip.value}`, want);
    });
  }

  it('CIDR blocks', () => {
    assert.equal(parseCidr('10.0.0.0/8')?.prefix, 8);
    assert.equal(parseCidr('10.0.0.1')?.prefix, 32);
    assert.equal(parseCidr('2001:db8::/129'), undefined);
    assert.equal(parseCidr('10.0.0.0/8/8'), undefined);
    assert.equal(parseCidr('10.0.0.0/x'), undefined);
    const block = parseCidr('10.1.2.3/16');
    assert.ok(block);
    assert.equal(cidrContains(block, parseIp('10.1.200.9') ?? block), true, 'host bits of the block are ignored');
    assert.equal(cidrContains(block, parseIp('10.2.0.0') ?? block), false);
  });
});
