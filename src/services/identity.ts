/**
 * Identity use cases, with IAM's rules and wording: users, their access keys and their inline
 * policies. The IAM API (`api/iam`) is the only caller; `sluice iam …` reaches it over HTTP.
 *
 * What IAM enforces here:
 * - a user name is unique, case-insensitively (IAM: "User with name Bob already exists." when
 *   `bob` exists);
 * - at most 2 access keys per user and 5,000 users per account (IAM's default quotas);
 * - a user with access keys or inline policies cannot be deleted (DeleteConflict), as IAM;
 * - inline policies are parsed with IAM's grammar and messages, and a user's inline policies
 *   together fit in 2,048 non-whitespace characters.
 *
 * Lists are sorted by name and paginated with an opaque marker holding the last name returned.
 */
import { SluiceError } from '../model/errors.ts';
import { parsePolicyDocument } from '../model/iam/parse-policy.ts';
import { policySize } from '../model/iam/policy.ts';
import type { AccessKeyRecord, IdentityStore, UserPolicyRecord, UserRecord } from '../store/ports.ts';
import type { LoginProfileStore } from '../store/console-ports.ts';

/** IAM's default quotas ("IAM object quotas"). */
export const IdentityQuota = { usersPerAccount: 5000, accessKeysPerUser: 2 } as const;

/** A user as IAM shows it: the stored record plus the path its ARN carries. */
export interface IamUser extends UserRecord { path: string }

export interface IdentityServiceOptions {
  store: IdentityStore;
  accountId: string;
  /** @default Date.now */
  now?: () => number;
  /** New unique user id, `AIDA…`. */
  newUserId(): string;
  /** A new access key id (`AKIA…`) and its secret. */
  newAccessKey(): { accessKeyId: string; secretAccessKey: string };
  /** Console passwords: a user who has one is not deleted until it is (IAM's DeleteConflict). */
  loginProfiles?: Pick<LoginProfileStore, 'get'>;
}

export interface PageOptions { marker?: string; maxItems?: number }
export interface IamPage<T> { items: T[]; marker?: string }

const DEFAULT_MAX_ITEMS = 100;

function noSuchUser(userName: string): SluiceError {
  return new SluiceError('NoSuchEntityException', `The user with name ${userName} cannot be found.`);
}

/** `arn:aws:iam::123:user/ci/deployer` → `/ci/`. */
export function pathOfUserArn(arn: string): string {
  const rest = arn.slice(arn.indexOf(':user/') + ':user'.length);
  return rest.slice(0, rest.lastIndexOf('/') + 1) || '/';
}

export function userArn(accountId: string, path: string, userName: string): string {
  return `arn:aws:iam::${accountId}:user${path}${userName}`;
}

export function page<T>(items: T[], nameOf: (item: T) => string, options: PageOptions): IamPage<T> {
  const after = options.marker === undefined ? undefined : decodeMarker(options.marker);
  const rest = after === undefined ? items : items.filter((item) => nameOf(item) > after);
  const size = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const taken = rest.slice(0, size);
  const last = taken.at(-1);
  return rest.length > size && last !== undefined ? { items: taken, marker: encodeMarker(nameOf(last)) } : { items: taken };
}

function encodeMarker(after: string): string {
  return Buffer.from(JSON.stringify({ a: after }), 'utf8').toString('base64url');
}

function decodeMarker(marker: string): string {
  try {
    const { a } = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8')) as { a?: unknown };
    if (typeof a === 'string') return a;
  } catch {
    // falls through to the error below
  }
  throw new SluiceError('ValidationException', 'Invalid Marker: pass the Marker of the previous response unchanged');
}

export class IdentityService {
  private readonly store: IdentityStore;
  private readonly options: IdentityServiceOptions;
  private readonly now: () => number;

  constructor(options: IdentityServiceOptions) {
    this.store = options.store;
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  private view(user: UserRecord): IamUser {
    return { ...user, path: pathOfUserArn(user.arn) };
  }

  async getUser(userName: string): Promise<IamUser> {
    const user = await this.store.getUser(userName);
    if (!user) throw noSuchUser(userName);
    return this.view(user);
  }

  /** The user if it exists (for authorization, which needs the ARN with its path). */
  async findUser(userName: string): Promise<IamUser | undefined> {
    const user = await this.store.getUser(userName);
    return user && this.view(user);
  }

  async createUser(userName: string, path = '/'): Promise<IamUser> {
    const users = await this.store.listUsers();
    const taken = users.find((u) => u.userName.toLowerCase() === userName.toLowerCase());
    if (taken) throw new SluiceError('EntityAlreadyExistsException', `User with name ${userName} already exists.`);
    if (users.length >= IdentityQuota.usersPerAccount) {
      throw new SluiceError('LimitExceededException', `Cannot exceed quota for UsersPerAccount: ${IdentityQuota.usersPerAccount}`);
    }
    const user: UserRecord = {
      userName, userId: this.options.newUserId(), arn: userArn(this.options.accountId, path, userName), createdAt: this.now(),
    };
    if (!await this.store.createUser(user)) throw new SluiceError('EntityAlreadyExistsException', `User with name ${userName} already exists.`);
    return this.view(user);
  }

  async listUsers(pathPrefix = '/', options: PageOptions = {}): Promise<IamPage<IamUser>> {
    const users = (await this.store.listUsers()).map((u) => this.view(u)).filter((u) => u.path.startsWith(pathPrefix));
    return page(users, (u) => u.userName, options);
  }

  /** Refused (DeleteConflict) while the user has access keys or inline policies, as IAM does. */
  async deleteUser(userName: string): Promise<void> {
    await this.getUser(userName);
    if ((await this.store.listAccessKeys(userName)).length > 0) {
      throw new SluiceError('DeleteConflictException', 'Cannot delete entity, must delete access keys first.');
    }
    if ((await this.store.listUserPolicies(userName)).length > 0) {
      throw new SluiceError('DeleteConflictException', 'Cannot delete entity, must delete policies first.');
    }
    if (await this.options.loginProfiles?.get(userName)) {
      throw new SluiceError('DeleteConflictException', 'Cannot delete entity, must delete login profile first.');
    }
    if (!await this.store.deleteUser(userName)) throw noSuchUser(userName);
  }

  async createAccessKey(userName: string): Promise<AccessKeyRecord> {
    await this.getUser(userName);
    if ((await this.store.listAccessKeys(userName)).length >= IdentityQuota.accessKeysPerUser) {
      throw new SluiceError('LimitExceededException', `Cannot exceed quota for AccessKeysPerUser: ${IdentityQuota.accessKeysPerUser}`);
    }
    const key: AccessKeyRecord = { ...this.options.newAccessKey(), userName, status: 'Active', createdAt: this.now() };
    await this.store.createAccessKey(key);
    return key;
  }

  /** The user's permanent keys, oldest first (temporary job-worker keys are not listed, as on AWS). */
  async listAccessKeys(userName: string, options: PageOptions = {}): Promise<IamPage<AccessKeyRecord>> {
    await this.getUser(userName);
    const keys = (await this.store.listAccessKeys(userName)).sort((a, b) => a.accessKeyId.localeCompare(b.accessKeyId));
    return page(keys, (k) => k.accessKeyId, options);
  }

  async updateAccessKey(userName: string, accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void> {
    await this.requireKey(userName, accessKeyId);
    await this.store.updateAccessKey(accessKeyId, status);
  }

  async deleteAccessKey(userName: string, accessKeyId: string): Promise<void> {
    await this.requireKey(userName, accessKeyId);
    await this.store.deleteAccessKey(accessKeyId);
  }

  /** A key of another user is as unknown as a missing one: its id tells nothing about it. */
  private async requireKey(userName: string, accessKeyId: string): Promise<AccessKeyRecord> {
    await this.getUser(userName);
    const key = await this.store.getAccessKey(accessKeyId);
    if (!key || key.userName !== userName || key.sessionToken !== undefined) {
      throw new SluiceError('NoSuchEntityException', `The Access Key with id ${accessKeyId} cannot be found.`);
    }
    return key;
  }

  /** Adds or replaces an inline policy, after IAM's checks (MalformedPolicyDocument, LimitExceeded). */
  async putUserPolicy(userName: string, policyName: string, document: string): Promise<void> {
    await this.getUser(userName);
    const others = (await this.store.listUserPolicies(userName)).filter((p) => p.policyName !== policyName);
    const otherInlineSize = others.reduce((sum, p) => sum + policySize(p.document), 0);
    const { issues } = parsePolicyDocument(document, { kind: 'inline', entity: 'user', name: userName, otherInlineSize });
    const errors = issues.filter((i) => i.severity === 'error');
    // IAM answers one error: a quota first, then the parameter's own constraints, then the content.
    const first = errors.find((i) => i.code === 'LimitExceededException') ?? errors.find((i) => i.code === 'ValidationException') ?? errors[0];
    if (first) {
      const sameKind = errors.filter((i) => i.code === first.code).map((i) => i.message);
      throw new SluiceError(first.code, [...new Set(sameKind)].join(' '));
    }
    await this.store.putUserPolicy({ userName, policyName, document });
  }

  async getUserPolicy(userName: string, policyName: string): Promise<UserPolicyRecord> {
    await this.getUser(userName);
    const policy = (await this.store.listUserPolicies(userName)).find((p) => p.policyName === policyName);
    if (!policy) throw new SluiceError('NoSuchEntityException', `The user policy with name ${policyName} cannot be found.`);
    return policy;
  }

  async listUserPolicies(userName: string, options: PageOptions = {}): Promise<IamPage<string>> {
    await this.getUser(userName);
    const names = (await this.store.listUserPolicies(userName)).map((p) => p.policyName);
    return page(names, (n) => n, options);
  }

  async deleteUserPolicy(userName: string, policyName: string): Promise<void> {
    await this.getUser(userName);
    if (!await this.store.deleteUserPolicy(userName, policyName)) {
      throw new SluiceError('NoSuchEntityException', `The user policy with name ${policyName} cannot be found.`);
    }
  }
}
