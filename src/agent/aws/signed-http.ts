/**
 * The agent's HTTP client for the Sluice server: SigV4-signed requests with the agent's own
 * credentials, AWS JSON 1.1 calls (`X-Amz-Target`) for the host-command, CodeDeploy and STS
 * APIs, and signed S3 GETs for bundles. Written on `@smithy/signature-v4` and `fetch` so the
 * agent needs none of the SDK's service clients on a target host.
 *
 * Errors: the server's answer becomes an AgentCallError with its `__type`; `transient` is true
 * for what a retry may fix (no connection, 5xx, throttling), false for a refusal (4xx).
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../../node-sha256.ts';

export interface AgentCredentials { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

export class AgentCallError extends Error {
  override name = 'AgentCallError';
  readonly type: string;
  readonly status: number;
  readonly transient: boolean;

  constructor(type: string, message: string, status: number, options: { cause?: unknown } = {}) {
    super(`${type}: ${message}`, options);
    this.type = type;
    this.status = status;
    this.transient = status === 0 || status >= 500 || status === 429 || type === 'ThrottlingException';
  }
}

export interface SignedHttpOptions {
  endpoint: string;
  region: string;
  credentials: AgentCredentials;
  /** A call that takes longer is abandoned (transient). */
  requestTimeoutMs: number;
}

export class SignedHttp {
  private readonly options: SignedHttpOptions;
  private readonly url: URL;

  constructor(options: SignedHttpOptions) {
    this.options = options;
    this.url = new URL(options.endpoint);
  }

  /** One AWS JSON 1.1 call; `timeoutMs` overrides the request timeout (long polls). */
  async json<T>(service: string, target: string, input: object, signal?: AbortSignal, timeoutMs?: number): Promise<T> {
    const body = JSON.stringify(input);
    const response = await this.send(service, 'POST', '/', {
      'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target,
    }, body, signal, timeoutMs);
    const text = await response.text();
    const answer = parseJson(text);
    if (!response.ok) throw errorOf(response.status, answer, response.statusText);
    return answer as T;
  }

  /** One AWS query-protocol call (IAM, STS): a signed form POST answered with XML text. */
  async query(service: string, params: Record<string, string>, signal?: AbortSignal): Promise<string> {
    const body = new URLSearchParams(params).toString();
    const response = await this.send(service, 'POST', '/', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body, signal, undefined);
    const text = await response.text();
    if (!response.ok) throw xmlError(response.status, text, response.statusText);
    return text;
  }

  /** A signed S3 GET of `/<bucket>/<key>` (path style); the caller reads the body. */
  async getObject(bucket: string, key: string, query: Record<string, string>, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
    const path = `/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
    const response = await this.send('s3', 'GET', path, headers, undefined, signal, undefined, query);
    if (!response.ok) throw xmlError(response.status, await response.text(), response.statusText);
    return response;
  }

  private async send(service: string, method: string, path: string, headers: Record<string, string>, body: string | undefined,
    signal: AbortSignal | undefined, timeoutMs: number | undefined, query: Record<string, string> = {}): Promise<Response> {
    const signer = new SignatureV4({ service, region: this.options.region, sha256: Sha256, credentials: this.options.credentials });
    const base = this.url.pathname.replace(/\/$/, '');
    const signed = await signer.sign({
      method, protocol: this.url.protocol, hostname: this.url.hostname, ...(this.url.port !== '' && { port: Number(this.url.port) }),
      path: `${base}${path}`, query, headers: { host: this.url.host, ...headers }, ...(body !== undefined && { body }),
    });
    const target = new URL(`${base}${path}`, this.url);
    for (const [name, value] of Object.entries(query)) target.searchParams.set(name, value);
    const timeout = AbortSignal.timeout(timeoutMs ?? this.options.requestTimeoutMs);
    try {
      return await fetch(target, {
        method, headers: signed.headers, ...(body !== undefined && { body }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      const cause = (e as { cause?: { code?: string } }).cause;
      throw new AgentCallError('NetworkError', `cannot reach ${this.options.endpoint}: ${cause?.code ?? (e as Error).message}`, 0, { cause: e });
    }
  }
}

function parseJson(text: string): Record<string, unknown> {
  if (text === '') return {};
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? value as Record<string, unknown> : {};
  } catch {
    return {};
  }
}

/** An XML error answer (S3, IAM, STS): its `<Code>` and `<Message>`. */
function xmlError(status: number, text: string, statusText: string): AgentCallError {
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `HTTP${status}`;
  const message = /<Message>([^<]+)<\/Message>/.exec(text)?.[1] ?? statusText;
  return new AgentCallError(code, message, status);
}

function errorOf(status: number, answer: Record<string, unknown>, statusText: string): AgentCallError {
  const type = typeof answer.__type === 'string' ? answer.__type.split('#').at(-1) ?? 'UnknownError' : `HTTP${status}`;
  const message = typeof answer.message === 'string' ? answer.message : typeof answer.Message === 'string' ? answer.Message : statusText;
  return new AgentCallError(type, message, status);
}
