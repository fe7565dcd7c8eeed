/**
 * The git access of a connection: how Sluice completes a connection (AWS does it with a browser
 * handshake with the provider; Sluice is given a base URL and a credential instead), checked,
 * sealed for the store and opened again for git.
 *
 * Secrets are sealed with the server's data key under names of their own
 * (`connection/<id>/secret`, `connection/<id>/webhook-secret`), so a sealed value copied onto
 * another connection does not open.
 */
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SluiceError } from '../model/errors.ts';
import type { GitAuthKind, StoredGitAccess } from '../store/connection-ports.ts';
import type { SecretCrypto } from './secret-crypto.ts';

/** What `UpdateConnectionCredentials` takes (AWS-style member names live in the API layer). */
export interface GitAccessInput {
  url: string;
  token?: string;
  username?: string;
  password?: string;
  sshPrivateKey?: string;
  webhookSecret?: string;
}

/** The access opened for use: never logged, never answered. */
export interface GitAccess {
  url: string;
  auth: GitAuthKind;
  username?: string;
  /** The token, password or private key. */
  secret?: string;
  webhookSecret?: string;
}

const SCHEMES = new Set(['https:', 'http:', 'ssh:', 'file:']);

function invalid(message: string): SluiceError {
  return new SluiceError('ValidationException', message);
}

/** The base URL, checked: a known scheme, no credentials in it, no trailing slash. */
export function checkBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`Url '${url}' is not a URL; give the git server's base URL, e.g. https://github.com`);
  }
  if (!SCHEMES.has(parsed.protocol)) throw invalid(`Url scheme ${parsed.protocol} is not supported; use https, http, ssh or file`);
  if (parsed.password !== '' || (parsed.username !== '' && parsed.protocol !== 'ssh:')) {
    throw invalid('Url must not hold credentials; pass them as Token, Username and Password, or SshPrivateKey');
  }
  if (parsed.search !== '' || parsed.hash !== '') throw invalid('Url must not have a query or a fragment');
  return url.replace(/\/+$/, '');
}

function authKindOf(input: GitAccessInput, scheme: string): GitAuthKind {
  const given = [input.token !== undefined, input.password !== undefined, input.sshPrivateKey !== undefined].filter(Boolean).length;
  if (given > 1) throw invalid('Give one credential: Token, Username with Password, or SshPrivateKey');
  if (input.password !== undefined && input.username === undefined) throw invalid('Password needs a Username');
  if (input.sshPrivateKey !== undefined) {
    if (scheme !== 'ssh:') throw invalid('SshPrivateKey needs an ssh:// Url');
    return 'sshKey';
  }
  if ((input.token !== undefined || input.password !== undefined) && scheme !== 'https:' && scheme !== 'http:') {
    throw invalid('Token and Password need an http(s) Url');
  }
  if (input.token !== undefined) return 'token';
  return input.password !== undefined ? 'password' : 'none';
}

const secretName = (connectionId: string): string => `connection/${connectionId}/secret`;
const webhookSecretName = (connectionId: string): string => `connection/${connectionId}/webhook-secret`;

/**
 * Refuses a `file:` URL whose directory and `privateDir` (the server's data directory) overlap:
 * a connection must never reach hosted repositories or other connections' mirrors on disk.
 */
export function checkPrivateDir(url: string, privateDir: string | undefined): void {
  if (privateDir === undefined || new URL(url).protocol !== 'file:') return;
  const dir = resolve(fileURLToPath(url));
  const secret = resolve(privateDir);
  const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
  if (inside(dir, secret) || inside(secret, dir)) throw invalid(`Url ${url} reaches Sluice's own data directory; give a directory outside it`);
}

export function sealGitAccess(crypto: SecretCrypto, connectionId: string, input: GitAccessInput, now: number, privateDir?: string): StoredGitAccess {
  const url = checkBaseUrl(input.url);
  checkPrivateDir(url, privateDir);
  const auth = authKindOf(input, new URL(url).protocol);
  const secret = input.token ?? input.password ?? input.sshPrivateKey;
  const seal = (name: string, value: string): string => crypto.seal(name, Buffer.from(value, 'utf8'));
  return {
    url, auth, ...(input.username !== undefined && { username: input.username }),
    ...(secret !== undefined && { sealedSecret: seal(secretName(connectionId), secret) }),
    ...(input.webhookSecret !== undefined && { sealedWebhookSecret: seal(webhookSecretName(connectionId), input.webhookSecret) }),
    updated: now,
  };
}

export function openGitAccess(crypto: SecretCrypto, connectionId: string, stored: StoredGitAccess): GitAccess {
  const open = (name: string, sealed: string): string => crypto.open(name, sealed).toString('utf8');
  return {
    url: stored.url, auth: stored.auth, ...(stored.username !== undefined && { username: stored.username }),
    ...(stored.sealedSecret !== undefined && { secret: open(secretName(connectionId), stored.sealedSecret) }),
    ...(stored.sealedWebhookSecret !== undefined && { webhookSecret: open(webhookSecretName(connectionId), stored.sealedWebhookSecret) }),
  };
}
