/**
 * Calls an operation of the CodeStar Connections API that the AWS SDK does not know — Sluice's
 * extension `UpdateConnectionCredentials` — as the SDK would: a SigV4-signed AWS JSON 1.0 POST,
 * signed with the SDK's own signer and the same credentials `sluice iam …` commands use.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../../node-sha256.ts';
import type { ClientConfig } from '../api/connection.ts';

/** The API's two names: their `X-Amz-Target` prefixes, by signing name. */
const TARGET_PREFIX = {
  'codestar-connections': 'com.amazonaws.codestar.connections.CodeStar_connections_20191201',
  codeconnections: 'com.amazonaws.codeconnections.CodeConnections_20231201',
} as const;

/** An error the server answered, shaped like the SDK's (`name` is the AWS `__type`), for `callApi`. */
export class ServiceError extends Error {
  readonly $fault = 'client';
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** @param service which of the API's names to call. @default 'codestar-connections' */
export async function callConnections(config: ClientConfig, operation: string, input: object, service: keyof typeof TARGET_PREFIX = 'codestar-connections'): Promise<Record<string, unknown>> {
  const url = new URL(config.endpoint);
  const body = JSON.stringify(input);
  const signer = new SignatureV4({
    service, region: config.region, sha256: Sha256,
    credentials: config.credentials ?? defaultProvider(),
  });
  const signed = await signer.sign({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, ...(url.port !== '' && { port: Number(url.port) }), path: url.pathname || '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `${TARGET_PREFIX[service]}.${operation}` },
    body,
  });
  const response = await fetch(new URL(signed.path, url), { method: 'POST', headers: signed.headers, body });
  const answer = await response.json().catch(() => ({})) as Record<string, unknown>;
  if (!response.ok) {
    const type = typeof answer.__type === 'string' ? answer.__type.split('#').at(-1) ?? 'UnknownError' : `HTTP${response.status}`;
    throw new ServiceError(type, typeof answer.message === 'string' ? answer.message : response.statusText);
  }
  return answer;
}
