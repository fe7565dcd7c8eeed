/**
 * Service-specific credentials, with IAM's rules: a login (`<userName>-at-<accountId>`) and a
 * generated password for one service, so tools that speak only HTTP Basic (git over HTTPS) can
 * sign in as an IAM user. Sluice serves `codecommit.amazonaws.com`, the service AWS issues them
 * for git.
 *
 * What IAM enforces here:
 * - at most 2 credentials per user and service (IAM's quota), each Active or Inactive;
 * - the password is shown by Create and Reset only; Sluice keeps a salted scrypt hash of it;
 * - `CredentialAgeDays` makes a credential expire (status `Expired` in lists, no longer signs in).
 *
 * Signing in (`verify`) costs one scrypt derivation (~40 ms, which is the point of scrypt) the
 * first time a password is seen; git sends the same password on every request of a clone, so
 * verified (hash, password) pairs are remembered by digest in a small bounded set.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { makeLimiter } from '../model/limiter.ts';
import { SluiceError } from '../model/errors.ts';
import type { IdentityStore } from '../store/ports.ts';
import type { ServiceCredentialRecord, ServiceCredentialStore } from '../store/service-credential-ports.ts';
import { page, type IamPage, type PageOptions } from './identity.ts';

/** The services Sluice issues service-specific credentials for. */
export const SUPPORTED_CREDENTIAL_SERVICES: readonly string[] = ['codecommit.amazonaws.com'];

/** IAM's quota: "Service-specific credentials per user per service". */
export const CREDENTIALS_PER_USER_PER_SERVICE = 2;

const DAY_MS = 86_400_000;
const HASH_BYTES = 32;
/** Verified (hash, password) digests remembered; a few hundred users cloning at once fit. */
const VERIFIED_LIMIT = 512;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Password checks (scrypt, on libuv's 4 threads) at once, for every password Sluice verifies (git
 * credentials, console sign-in): wrong passwords cannot take every thread from file I/O.
 */
export const passwordChecks = makeLimiter(2);

const derive = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/** A credential as IAM shows it: status `Expired` once past its expiration date. */
export interface ServiceCredentialView extends Omit<ServiceCredentialRecord, 'passwordHash' | 'status'> {
  status: 'Active' | 'Inactive' | 'Expired';
}

export interface ServiceCredentialServiceOptions {
  credentials: ServiceCredentialStore;
  identity: IdentityStore;
  accountId: string;
  /** @default Date.now */
  now?: () => number;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${(await derive(password, salt, HASH_BYTES)).toString('base64')}`;
}

/** Whether `password` derives `stored` (a `hashPassword` result); false for anything else. */
export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), expected.byteLength);
  return timingSafeEqual(actual, expected);
}

/** 32 random bytes in base64, as IAM's service passwords look (44 characters). */
function newPassword(): string {
  return randomBytes(32).toString('base64');
}

/** `ACCA` + 17 characters, as IAM's service-specific credential ids look. */
function newCredentialId(): string {
  return 'ACCA' + [...randomBytes(17)].map((b) => ID_ALPHABET[b % 32]).join('');
}

function noSuchCredential(credentialId: string): SluiceError {
  return new SluiceError('NoSuchEntityException', `The Service Specific Credential with id ${credentialId} cannot be found.`);
}

export class ServiceCredentialService {
  private readonly options: ServiceCredentialServiceOptions;
  private readonly now: () => number;
  private readonly verified = new Set<string>();
  private readonly hashing = passwordChecks;

  constructor(options: ServiceCredentialServiceOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  private view(record: ServiceCredentialRecord): ServiceCredentialView {
    const { passwordHash: _, ...rest } = record;
    const expired = record.expiresAt !== undefined && record.expiresAt <= this.now();
    return { ...rest, status: expired ? 'Expired' : record.status };
  }

  private async requireUser(userName: string): Promise<void> {
    if (!await this.options.identity.getUser(userName)) {
      throw new SluiceError('NoSuchEntityException', `The user with name ${userName} cannot be found.`);
    }
  }

  /** The new credential with its password, which is never shown again. */
  async create(userName: string, serviceName: string, credentialAgeDays?: number): Promise<ServiceCredentialView & { servicePassword: string }> {
    if (!SUPPORTED_CREDENTIAL_SERVICES.includes(serviceName)) {
      throw new SluiceError('ServiceNotSupportedException',
        `Service ${serviceName} is not supported for service-specific credentials; supported: ${SUPPORTED_CREDENTIAL_SERVICES.join(', ')}`);
    }
    await this.requireUser(userName);
    const limitExceeded = (): SluiceError => new SluiceError('LimitExceededException',
      `Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: ${CREDENTIALS_PER_USER_PER_SERVICE}`);
    // Checked here to spare the password hashing, and again atomically by the store.
    if ((await this.options.credentials.listByUser(userName, serviceName)).length >= CREDENTIALS_PER_USER_PER_SERVICE) throw limitExceeded();
    const servicePassword = newPassword();
    const createdAt = this.now();
    const record: ServiceCredentialRecord = {
      credentialId: newCredentialId(), userName, serviceName, serviceUserName: `${userName}-at-${this.options.accountId}`,
      passwordHash: await hashPassword(servicePassword), status: 'Active', createdAt,
      ...(credentialAgeDays !== undefined && { expiresAt: createdAt + credentialAgeDays * DAY_MS }),
    };
    if (await this.options.credentials.create(record, CREDENTIALS_PER_USER_PER_SERVICE) === 'limitExceeded') throw limitExceeded();
    return { ...this.view(record), servicePassword };
  }

  /** One user's credentials, or every user's (`allUsers`), optionally for one service. */
  async list(scope: { userName: string } | { allUsers: true }, serviceName: string | undefined, options: PageOptions = {}): Promise<IamPage<ServiceCredentialView>> {
    let records: ServiceCredentialRecord[];
    if ('userName' in scope) {
      await this.requireUser(scope.userName);
      records = await this.options.credentials.listByUser(scope.userName, serviceName);
    } else {
      records = await this.options.credentials.listAll(serviceName);
    }
    const key = (c: ServiceCredentialView): string => `${c.userName}\u0000${c.credentialId}`;
    const views = records.map((r) => this.view(r)).sort((a, b) => (key(a) < key(b) ? -1 : 1));
    return page(views, key, options);
  }

  /** A new password for the credential, returned once. */
  async reset(userName: string, credentialId: string): Promise<ServiceCredentialView & { servicePassword: string }> {
    const record = await this.requireCredential(userName, credentialId);
    const servicePassword = newPassword();
    const passwordHash = await hashPassword(servicePassword);
    if (!await this.options.credentials.setPassword(credentialId, passwordHash)) throw noSuchCredential(credentialId);
    return { ...this.view({ ...record, passwordHash }), servicePassword };
  }

  async update(userName: string, credentialId: string, status: string): Promise<void> {
    if (status !== 'Active' && status !== 'Inactive') {
      throw new SluiceError('ValidationException', `Status ${status} cannot be set; use Active or Inactive`);
    }
    await this.requireCredential(userName, credentialId);
    await this.options.credentials.setStatus(credentialId, status);
  }

  async delete(userName: string, credentialId: string): Promise<void> {
    await this.requireCredential(userName, credentialId);
    await this.options.credentials.delete(credentialId);
  }

  /**
   * The user a login and password sign in as, for `serviceName`; undefined when no Active,
   * unexpired credential of that login has that password.
   */
  async verify(serviceUserName: string, password: string, serviceName: string): Promise<string | undefined> {
    const candidates = (await this.options.credentials.findByLogin(serviceUserName))
      .filter((c) => c.serviceName === serviceName && this.view(c).status === 'Active');
    for (const candidate of candidates) {
      if (await this.matches(candidate.passwordHash, password)) return candidate.userName;
    }
    return undefined;
  }

  private async matches(passwordHash: string, password: string): Promise<boolean> {
    const digest = createHash('sha256').update(passwordHash).update('\u0000').update(password).digest('base64');
    if (this.verified.has(digest)) return true;
    if (!await this.hashing(() => passwordMatches(passwordHash, password))) return false;
    if (this.verified.size >= VERIFIED_LIMIT) this.verified.delete(this.verified.values().next().value ?? '');
    this.verified.add(digest);
    return true;
  }

  /** A credential of another user is as unknown as a missing one. */
  private async requireCredential(userName: string, credentialId: string): Promise<ServiceCredentialRecord> {
    await this.requireUser(userName);
    const record = await this.options.credentials.get(credentialId);
    if (!record || record.userName !== userName) throw noSuchCredential(credentialId);
    return record;
  }
}
