/**
 * The web console's records: signed-in sessions and IAM login profiles (console passwords).
 * Both go with their user (deleting the user deletes them). Sessions are stored by a hash of
 * their token only, so a copy of the database signs no one in; login profiles hold a salted
 * scrypt hash of the password only.
 */

export interface ConsoleSessionRecord {
  /** SHA-256 of the cookie's token, base64url. */
  tokenHash: string;
  /** `ASIA…`: the id CloudTrail-style audit records show as the session's access key. */
  sessionId: string;
  userName: string;
  /** The access key the session was signed in with; its deactivation or deletion ends the session. */
  signedInWithKey?: string;
  /** Sent back by the page in `X-CSRF-Token` on every mutating request. */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  /** When the session ends unless used again: the earlier of idle expiry and absolute expiry, epoch ms. */
  expiresAt: number;
  /** When the session ends however much it is used, epoch ms. */
  absoluteExpiresAt: number;
}

export interface ConsoleSessionStore {
  create(session: ConsoleSessionRecord): Promise<void>;
  get(tokenHash: string): Promise<ConsoleSessionRecord | undefined>;
  /** Records a use: `lastSeenAt` and the new `expiresAt`. False when the session is gone. */
  touch(tokenHash: string, lastSeenAt: number, expiresAt: number): Promise<boolean>;
  /** False when there was no such session. */
  delete(tokenHash: string): Promise<boolean>;
  /** Ends every session signed in with the access key; returns how many. */
  deleteByAccessKey(accessKeyId: string): Promise<number>;
  /** Removes sessions that expired before `now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
}

export interface LoginProfileRecord {
  userName: string;
  /** `scrypt$<salt base64>$<hash base64>` (see services/service-credentials.ts). */
  passwordHash: string;
  createdAt: number;
  passwordResetRequired: boolean;
}

export interface LoginProfileStore {
  /** False when the user already has a login profile. */
  create(profile: LoginProfileRecord): Promise<boolean>;
  get(userName: string): Promise<LoginProfileRecord | undefined>;
  /** Changes what is given; false when the user has no login profile. */
  update(userName: string, change: { passwordHash?: string; passwordResetRequired?: boolean }): Promise<boolean>;
  /** False when the user had no login profile. */
  delete(userName: string): Promise<boolean>;
}

export interface ConsoleStores {
  sessions: ConsoleSessionStore;
  loginProfiles: LoginProfileStore;
}
