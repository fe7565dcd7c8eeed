/**
 * Forwarded request headers: hop-by-hop ones dropped (also those the Connection header names),
 * X-Forwarded-For appended, X-Forwarded-Proto and -Port set, Host kept.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forwardedRequestHeaders } from '../../src/router/forward-headers.ts';

describe('forwardedRequestHeaders', () => {
  it('keeps end-to-end headers and adds ALB\'s forwarding headers', () => {
    const headers = forwardedRequestHeaders({
      host: 'app.example:8080', connection: 'keep-alive, X-Secret', 'x-secret': 'hop', 'keep-alive': 'timeout=5', te: 'trailers',
      'transfer-encoding': 'chunked', upgrade: 'h2c', 'x-forwarded-for': '198.51.100.1', accept: 'text/html', expect: '100-continue',
    }, { address: '203.0.113.9', listenerPort: 8080 });
    assert.deepEqual(headers, {
      host: 'app.example:8080', accept: 'text/html',
      'x-forwarded-for': '198.51.100.1, 203.0.113.9', 'x-forwarded-proto': 'http', 'x-forwarded-port': '8080',
    });
    assert.equal(forwardedRequestHeaders({}, { address: '::1', listenerPort: 80 })['x-forwarded-for'], '::1');
  });
});
