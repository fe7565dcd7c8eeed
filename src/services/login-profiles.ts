/**
 * IAM login profiles: a user's console password (CreateLoginProfile, GetLoginProfile,
 * UpdateLoginProfile, DeleteLoginProfile), and checking it when the user signs in to the console.
 *
 * The password policy is IAM's default one: 8 to 128 characters (IAM's model also limits the
 * characters to tab, line breaks and U+0020–U+00FF). Only a salted scrypt hash is kept, made and
 * checked under the limiter every password check shares (`passwordChecks`), so a flood of
 * sign-ins cannot take every libuv thread.
 */
import { SluiceError } from '../model/errors.ts';
import type { LoginProfileStore } from '../store/console-ports.ts';
import type { IdentityStore } from '../store/ports.ts';
import { hashPassword, passwordChecks, passwordMatches } from './service-credentials.ts';

/** IAM's default password policy: "Minimum password length: 8". */
export const MIN_PASSWORD_LENGTH = 8;
/** IAM's longest password. */
export const MAX_PASSWORD_LENGTH = 128;

/** IAM's `LoginProfile` (dates epoch ms until encoded). */
export interface LoginProfileView { userName: string; createDate: number; passwordResetRequired: boolean }

export interface LoginProfileServiceOptions {
  profiles: LoginProfileStore;
  identity: IdentityStore;
  /** @default Date.now */
  now?: () => number;
}

function checkPolicy(password: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new SluiceError('PasswordPolicyViolationException',
      `Password does not conform to the account password policy: it must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long.`);
  }
}

function noSuchProfile(userName: string): SluiceError {
  return new SluiceError('NoSuchEntityException', `Login Profile for User ${userName} cannot be found.`);
}

export class LoginProfileService {
  private readonly options: LoginProfileServiceOptions;
  private readonly now: () => number;
  /** Checked against when a user has no profile, so an unknown name costs what a wrong password costs. */
  private decoy: Promise<string> | undefined;

  constructor(options: LoginProfileServiceOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  private async requireUser(userName: string): Promise<void> {
    if (!await this.options.identity.getUser(userName)) {
      throw new SluiceError('NoSuchEntityException', `The user with name ${userName} cannot be found.`);
    }
  }

  async create(userName: string, password: string, passwordResetRequired = false): Promise<LoginProfileView> {
    await this.requireUser(userName);
    checkPolicy(password);
    const alreadyExists = (): SluiceError => new SluiceError('EntityAlreadyExistsException', `Login Profile for user ${userName} already exists.`);
    // Checked here to spare the hashing, and again atomically by the store.
    if (await this.options.profiles.get(userName)) throw alreadyExists();
    const record = { userName, passwordHash: await passwordChecks(() => hashPassword(password)), createdAt: this.now(), passwordResetRequired };
    if (!await this.options.profiles.create(record)) throw alreadyExists();
    return { userName, createDate: record.createdAt, passwordResetRequired };
  }

  async get(userName: string): Promise<LoginProfileView> {
    await this.requireUser(userName);
    const profile = await this.options.profiles.get(userName);
    if (!profile) throw noSuchProfile(userName);
    return { userName, createDate: profile.createdAt, passwordResetRequired: profile.passwordResetRequired };
  }

  async update(userName: string, change: { password?: string; passwordResetRequired?: boolean }): Promise<void> {
    await this.requireUser(userName);
    if (change.password !== undefined) checkPolicy(change.password);
    if (!await this.options.profiles.get(userName)) throw noSuchProfile(userName);
    const password = change.password;
    const passwordHash = password === undefined ? undefined : await passwordChecks(() => hashPassword(password));
    const updated = await this.options.profiles.update(userName, {
      ...(passwordHash !== undefined && { passwordHash }),
      ...(change.passwordResetRequired !== undefined && { passwordResetRequired: change.passwordResetRequired }),
    });
    if (!updated) throw noSuchProfile(userName);
  }

  async delete(userName: string): Promise<void> {
    await this.requireUser(userName);
    if (!await this.options.profiles.delete(userName)) throw noSuchProfile(userName);
  }

  /** Whether `password` is the user's console password; false for a user without one. */
  async verify(userName: string, password: string): Promise<boolean> {
    const profile = await this.options.profiles.get(userName);
    this.decoy ??= hashPassword('not the password of anyone');
    const stored = profile?.passwordHash ?? await this.decoy;
    const matches = await passwordChecks(() => passwordMatches(stored, password));
    return profile !== undefined && matches;
  }
}
