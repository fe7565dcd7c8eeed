/**
 * Webhook authentication pieces without a server: CIDR ranges (IPv4, IPv6, IPv4-mapped
 * addresses both ways) and GitHub signatures (SHA-256, legacy SHA-1, malformed headers).
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseIpRange } from '../../../src/api/webhooks/ip-range.ts';
import { verifyGitHubSignature } from '../../../src/api/webhooks/signature.ts';

describe('IP ranges', () => {
  const table: { cidr: string; inside: string[]; outside: string[] }[] = [
    { cidr: '127.0.0.0/8', inside: ['127.0.0.1', '::ffff:127.0.0.1', '::ffff:7f00:1'], outside: ['10.0.0.1', '::1', '::ffff:10.0.0.1'] },
    { cidr: '192.168.1.17/32', inside: ['192.168.1.17'], outside: ['192.168.1.18'] },
    { cidr: '0.0.0.0/0', inside: ['8.8.8.8', '::ffff:1.2.3.4'], outside: ['2001:db8::1'] },
    { cidr: '2001:db8::/32', inside: ['2001:db8::1', '2001:DB8:ffff::1', '2001:db8::2%eth0'], outside: ['2001:db9::1', '10.0.0.1'] },
    { cidr: '::ffff:127.0.0.0/104', inside: ['127.0.0.1', '::ffff:127.1.2.3'], outside: ['128.0.0.1'] },
    { cidr: '::1/128', inside: ['::1'], outside: ['127.0.0.1'] },
  ];
  for (const { cidr, inside, outside } of table) {
    it(`${cidr} holds ${inside.join(', ')} and not ${outside.join(', ')}`, () => {
      const range = parseIpRange(cidr);
      assert.ok(range);
      for (const address of inside) assert.equal(range.contains(address), true, address);
      for (const address of outside) assert.equal(range.contains(address), false, address);
      assert.equal(range.contains('not an address'), false);
    });
  }

  it('refuses what is not a CIDR range', () => {
    for (const cidr of ['10.0.0.0', '10.0.0.0/33', '::/129', 'example.com/8', '10.0.0.0/-1', '10.0.0.0/8/8', '10.0.0.256/8', '', '10.0.0.0/ 8']) {
      assert.equal(parseIpRange(cidr), undefined, cidr);
    }
  });
});

describe('GitHub signatures', () => {
  const body = new TextEncoder().encode('{"ref":"refs/heads/main"}');
  const hex = (algorithm: string, secret: string) => createHmac(algorithm, secret).update(body).digest('hex');
  const verify = (headers: Record<string, string>) => verifyGitHubSignature(body, 'secret', new Headers(headers));

  it('accepts the SHA-256 signature, in any letter case, and the legacy SHA-1 one', () => {
    assert.equal(verify({ 'X-Hub-Signature-256': `sha256=${hex('sha256', 'secret')}` }), true);
    assert.equal(verify({ 'X-Hub-Signature-256': `sha256=${hex('sha256', 'secret').toUpperCase()}` }), true);
    assert.equal(verify({ 'X-Hub-Signature': `sha1=${hex('sha1', 'secret')}` }), true);
  });

  it('refuses wrong, truncated, mislabelled and missing signatures', () => {
    assert.equal(verify({ 'X-Hub-Signature-256': `sha256=${hex('sha256', 'other')}` }), false);
    assert.equal(verify({ 'X-Hub-Signature-256': `sha256=${hex('sha256', 'secret').slice(0, 40)}` }), false);
    assert.equal(verify({ 'X-Hub-Signature-256': `sha1=${hex('sha1', 'secret')}` }), false);
    assert.equal(verify({ 'X-Hub-Signature-256': hex('sha256', 'secret') }), false);
    assert.equal(verify({ 'X-Hub-Signature-256': `sha256=${'g'.repeat(64)}` }), false);
    assert.equal(verify({}), false);
  });

  it('lets the SHA-256 header alone decide when both are sent', () => {
    assert.equal(verify({ 'X-Hub-Signature-256': `sha256=${hex('sha256', 'other')}`, 'X-Hub-Signature': `sha1=${hex('sha1', 'secret')}` }), false);
  });
});
