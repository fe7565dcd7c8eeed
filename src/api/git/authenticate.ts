/**
 * Who is calling, from HTTP Basic credentials, the only scheme git's HTTP client speaks. Two kinds
 * of password sign in, as on CodeCommit:
 *
 * - a service-specific credential (IAM `CreateServiceSpecificCredential` for
 *   `codecommit.amazonaws.com`): login `<user>-at-<account>` and its generated password;
 * - the `aws codecommit credential-helper` password: login = access key id (`%<session token>`
 *   appended for temporary keys), password = a SigV4 signature of the repository URL
 *   (`helper-password.ts`), checked with the key's secret.
 *
 * Anything else (no header, a malformed one, a wrong password, a disabled or expired key) is
 * "not authenticated": the handler answers 401 so git asks for credentials.
 */
import type { Credential } from '../auth/sigv4.ts';
import type { Caller } from '../aws-json/operation.ts';
import { isHelperPassword, verifyHelperPassword } from './helper-password.ts';

export interface GitAuthOptions {
  accountId: string;
  /** The region the credential helper signs for (the server's). */
  region: string;
  /** The caller a service-specific login and password sign in as, if they do. */
  verifyPassword(login: string, password: string): Promise<{ arn: string; userName: string } | undefined>;
  /** An access key, for the credential-helper password. */
  accessKey(accessKeyId: string): Promise<Credential | undefined>;
  /** @default Date.now */
  now?: () => number;
}

export interface BasicCredentials { username: string; password: string }

/** `Authorization: Basic base64(user:password)`; undefined when absent or malformed. */
export function parseBasicAuth(header: string | null): BasicCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const userNameOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

async function viaHelperPassword(basic: BasicCredentials, host: string, path: string, options: GitAuthOptions): Promise<Caller | undefined> {
  const [accessKeyId = '', sessionToken] = basic.username.split('%', 2);
  const key = await options.accessKey(accessKeyId);
  const now = (options.now ?? Date.now)();
  if (!key || key.disabled === true || (key.expiresAt !== undefined && key.expiresAt <= now)) return undefined;
  if ((key.sessionToken ?? undefined) !== sessionToken) return undefined;
  const signed = verifyHelperPassword(basic.password, { secretAccessKey: key.secretAccessKey, region: options.region, host, path }, now);
  return signed ? { arn: key.principal, userName: userNameOf(key.principal), accessKeyId, accountId: options.accountId } : undefined;
}

/**
 * The caller of a git request to `path` (the repository path, `/v1/repos/<name>`) on `host` (the
 * Host header), or undefined when the request is not authenticated.
 */
export async function authenticateGit(header: string | null, host: string, path: string, options: GitAuthOptions): Promise<Caller | undefined> {
  const basic = parseBasicAuth(header);
  if (!basic) return undefined;
  if (isHelperPassword(basic.password)) return viaHelperPassword(basic, host, path, options);
  const user = await options.verifyPassword(basic.username, basic.password);
  // A service-specific credential is not an access key: the login stands in its place in the audit trail.
  return user && { arn: user.arn, userName: user.userName, accessKeyId: basic.username, accountId: options.accountId };
}
