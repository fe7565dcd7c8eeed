/**
 * Web console sessions: what a signed-in browser holds (an opaque token in an HttpOnly cookie)
 * and what it is checked against on every use.
 *
 * A session ends at the earlier of its idle expiry (no use for `idleMs`) and its absolute expiry
 * (`absoluteMs` after sign-in); on sign-out; when its user is deleted (the store deletes it with
 * the user, and each use checks the user still exists); and when the access key it was signed in
 * with is deactivated or deleted (checked at each use). The store holds a SHA-256 of the token,
 * never the token. Uses refresh the idle expiry at most once a minute, so reads stay reads.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Caller } from '../api/aws-json/operation.ts';
import type { ConsoleSessionRecord, ConsoleSessionStore } from '../store/console-ports.ts';
import type { IdentityStore, UserRecord } from '../store/ports.ts';

/** @default 12 hours */
export const DEFAULT_IDLE_MS = 12 * 3_600_000;
/** @default 7 days */
export const DEFAULT_ABSOLUTE_MS = 7 * 86_400_000;
/** A use moves the idle expiry only when the last recorded use is older than this. */
const TOUCH_EVERY_MS = 60_000;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export interface ConsoleSessionOptions {
  sessions: ConsoleSessionStore;
  identity: IdentityStore;
  accountId: string;
  /** @default DEFAULT_IDLE_MS */
  idleMs?: number;
  /** @default DEFAULT_ABSOLUTE_MS */
  absoluteMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/** A session in use: its record, its user, and the caller its API calls are made as. */
export interface ActiveSession { session: ConsoleSessionRecord; user: UserRecord; caller: Caller }

/** What a token names: an active session, one that ran out of time, or nothing (never signed in, signed out, revoked). */
export type SessionLookup = { status: 'active'; active: ActiveSession } | { status: 'expired' } | { status: 'none' };

export function tokenHashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** `ASIA` + 16 characters, as the temporary keys of AWS console sessions look in CloudTrail. */
function newSessionId(): string {
  return 'ASIA' + [...randomBytes(16)].map((b) => ID_ALPHABET[b % 32]).join('');
}

export class ConsoleSessions {
  private readonly options: ConsoleSessionOptions;
  private readonly now: () => number;
  readonly idleMs: number;
  readonly absoluteMs: number;

  constructor(options: ConsoleSessionOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.absoluteMs = options.absoluteMs ?? DEFAULT_ABSOLUTE_MS;
  }

  /** Signs `user` in; the token goes to the browser only. */
  async start(user: UserRecord, signedInWithKey?: string): Promise<{ token: string; active: ActiveSession }> {
    const now = this.now();
    // Sign-ins are rare: a good moment to drop sessions nobody will use again.
    await this.options.sessions.deleteExpired(now);
    const token = randomBytes(32).toString('base64url');
    const absoluteExpiresAt = now + this.absoluteMs;
    const session: ConsoleSessionRecord = {
      tokenHash: tokenHashOf(token), sessionId: newSessionId(), userName: user.userName, csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now, lastSeenAt: now, expiresAt: Math.min(now + this.idleMs, absoluteExpiresAt), absoluteExpiresAt,
      ...(signedInWithKey !== undefined && { signedInWithKey }),
    };
    await this.options.sessions.create(session);
    return { token, active: this.activeOf(session, user) };
  }

  /** The session `token` names, checked now; `touch` false for uses that are not the user's (a live stream's checks). */
  async lookup(token: string | undefined, touch = true): Promise<SessionLookup> {
    if (!token) return { status: 'none' };
    const tokenHash = tokenHashOf(token);
    const session = await this.options.sessions.get(tokenHash);
    if (!session) return { status: 'none' };
    const now = this.now();
    if (now >= session.expiresAt) {
      await this.options.sessions.delete(tokenHash);
      return { status: 'expired' };
    }
    const user = await this.options.identity.getUser(session.userName);
    if (!user) {
      await this.options.sessions.delete(tokenHash);
      return { status: 'none' };
    }
    if (session.signedInWithKey !== undefined && !await this.keyStillValid(session.signedInWithKey, session.userName)) {
      // Every session of that key ends now, not each at its next use.
      await this.options.sessions.deleteByAccessKey(session.signedInWithKey);
      return { status: 'none' };
    }
    if (touch && now - session.lastSeenAt >= TOUCH_EVERY_MS) {
      const expiresAt = Math.min(now + this.idleMs, session.absoluteExpiresAt);
      await this.options.sessions.touch(tokenHash, now, expiresAt);
      return { status: 'active', active: this.activeOf({ ...session, lastSeenAt: now, expiresAt }, user) };
    }
    return { status: 'active', active: this.activeOf(session, user) };
  }

  /** Signs out: the session is gone for every tab and server. */
  async end(token: string): Promise<void> {
    await this.options.sessions.delete(tokenHashOf(token));
  }

  private async keyStillValid(accessKeyId: string, userName: string): Promise<boolean> {
    const key = await this.options.identity.getAccessKey(accessKeyId);
    return key !== undefined && key.status === 'Active' && key.userName === userName;
  }

  private activeOf(session: ConsoleSessionRecord, user: UserRecord): ActiveSession {
    return { session, user, caller: { arn: user.arn, userName: user.userName, accessKeyId: session.sessionId, accountId: this.options.accountId } };
  }
}
