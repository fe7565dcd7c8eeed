/**
 * The headers a proxied request and its response carry: hop-by-hop headers (RFC 9110 §7.6.1,
 * plus any the `Connection` header names) stay on their own hop, and the request gains ALB's
 * `X-Forwarded-For` (the client's address appended), `X-Forwarded-Proto` and `X-Forwarded-Port`.
 * `Host` is passed through unchanged, as ALB does; `Expect` is answered by the listener, not forwarded.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** The end-to-end headers of a message. */
export function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(String(headers.connection ?? '').toLowerCase().split(',').map((h) => h.trim()).filter(Boolean));
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** The request headers a target receives. */
export function forwardedRequestHeaders(headers: IncomingHttpHeaders, client: { address: string; listenerPort: number }): OutgoingHttpHeaders {
  const out = endToEnd(headers);
  // The listener has already answered `Expect: 100-continue` itself (Node's server does).
  delete out.expect;
  const prior = headers['x-forwarded-for'];
  out['x-forwarded-for'] = prior ? `${String(prior)}, ${client.address}` : client.address;
  out['x-forwarded-proto'] = 'http';
  out['x-forwarded-port'] = String(client.listenerPort);
  return out;
}
