/**
 * Signing in to the web console: with an access key pair (checked as SigV4 checks it: the key
 * exists, is Active, is a long-term key, and its secret matches) or with a user name and the
 * user's console password (IAM login profile). Every failure is one answer, so the caller cannot
 * tell an unknown user or key from a wrong secret; failures are counted per user and per IP
 * (`SignInLimit`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SluiceError } from '../model/errors.ts';
import type { IdentityStore, UserRecord } from '../store/ports.ts';
import type { ConsoleSessions, ActiveSession } from './console-sessions.ts';
import type { SignInLimit } from './console-rate-limit.ts';
import type { LoginProfileService } from './login-profiles.ts';

export type SignInRequest = { accessKeyId: string; secretAccessKey: string } | { userName: string; password: string };

export interface ConsoleSignInOptions {
  identity: IdentityStore;
  loginProfiles: LoginProfileService;
  sessions: ConsoleSessions;
  limit: SignInLimit;
}

/** Longest value of any sign-in field: IAM's longest password and user name fit, far less than a body limit. */
const MAX_FIELD_LENGTH = 256;
export const WRONG_CREDENTIALS = 'The credentials are not valid: check the access key (or user name) and its secret (or password).';

function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_FIELD_LENGTH) {
    throw new SluiceError('ValidationException', `${name} must be a string of 1 to ${MAX_FIELD_LENGTH} characters`);
  }
  return value;
}

/** The sign-in body: exactly one of the two credential pairs. */
export function parseSignIn(body: unknown): SignInRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SluiceError('ValidationException', 'The request body must be a JSON object');
  }
  const fields = body as Record<string, unknown>;
  const accessKeyId = stringField(fields, 'accessKeyId');
  const secretAccessKey = stringField(fields, 'secretAccessKey');
  const userName = stringField(fields, 'userName');
  const password = stringField(fields, 'password');
  if (accessKeyId !== undefined && secretAccessKey !== undefined && userName === undefined && password === undefined) return { accessKeyId, secretAccessKey };
  if (userName !== undefined && password !== undefined && accessKeyId === undefined && secretAccessKey === undefined) return { userName, password };
  throw new SluiceError('ValidationException', 'Send either accessKeyId and secretAccessKey, or userName and password');
}

/** Equal strings, in time that depends on neither (both are hashed to one length first). */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

export class ConsoleSignIn {
  private readonly options: ConsoleSignInOptions;

  constructor(options: ConsoleSignInOptions) {
    this.options = options;
  }

  /** A new session for the credentials, or NotAuthorizedException / ThrottlingException. */
  async signIn(request: SignInRequest, sourceIp: string): Promise<{ token: string; active: ActiveSession }> {
    const { limit } = this.options;
    const who = 'accessKeyId' in request ? `key:${request.accessKeyId}` : `user:${request.userName}`;
    const waitMs = limit.blockedFor(who, sourceIp);
    if (waitMs > 0) {
      throw new SluiceError('ThrottlingException', `Too many failed sign-in attempts; try again in ${Math.ceil(waitMs / 1000)} seconds.`);
    }
    const found = 'accessKeyId' in request ? await this.byAccessKey(request) : await this.byPassword(request);
    if (!found) {
      limit.failed(who, sourceIp);
      throw new SluiceError('NotAuthorizedException', WRONG_CREDENTIALS);
    }
    limit.succeeded(who);
    return this.options.sessions.start(found.user, found.accessKeyId);
  }

  private async byAccessKey(request: { accessKeyId: string; secretAccessKey: string }): Promise<{ user: UserRecord; accessKeyId: string } | undefined> {
    const key = await this.options.identity.getAccessKey(request.accessKeyId);
    // Compared even for an unknown key, so the answer takes as long.
    const matches = sameSecret(key?.secretAccessKey ?? '', request.secretAccessKey);
    // Temporary keys (job workers' artifact credentials) sign requests only, never in.
    if (!key || !matches || key.status !== 'Active' || key.sessionToken !== undefined) return undefined;
    const user = await this.options.identity.getUser(key.userName);
    return user && { user, accessKeyId: key.accessKeyId };
  }

  private async byPassword(request: { userName: string; password: string }): Promise<{ user: UserRecord; accessKeyId?: undefined } | undefined> {
    if (!await this.options.loginProfiles.verify(request.userName, request.password)) return undefined;
    const user = await this.options.identity.getUser(request.userName);
    return user && { user };
  }
}
