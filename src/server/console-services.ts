/**
 * The web console's server side on a running server: sessions and sign-in (access keys, or IAM
 * login profiles' passwords, with failed attempts limited), the routes under `/console/`, and the
 * page's static files. The console's AWS calls go through the server's own AWS JSON dispatcher, as
 * the session's user, so authorization, validation, errors and the audit trail are those of every
 * other client.
 */
import { fileURLToPath } from 'node:url';
import type { ObjectStore } from '../artifacts/objects/ports.ts';
import type { AwsJsonDispatcher, CallRecord, IncomingCall } from '../api/aws-json/dispatcher.ts';
import { makeAwsRoute } from '../api/console/aws-route.ts';
import { makeConsoleRoutes } from '../api/console/routes.ts';
import { makeLiveRoute } from '../api/console/live.ts';
import { makeSessionRoutes } from '../api/console/session-routes.ts';
import { makeStaticAssets } from '../api/console/static-assets.ts';
import { SignInLimit, type SignInLimitOptions } from '../services/console-rate-limit.ts';
import { ConsoleSessions } from '../services/console-sessions.ts';
import { ConsoleSignIn } from '../services/console-sign-in.ts';
import { LoginProfileService } from '../services/login-profiles.ts';
import type { Store } from '../store/ports.ts';
import type { Access } from './access.ts';

/** Where `npm run build:console` writes the page: `<package root>/dist/console`. */
export const DEFAULT_CONSOLE_ASSETS_DIR = fileURLToPath(new URL('../../dist/console/', import.meta.url));

/** The console's settings on `sluice server`. */
export interface ConsoleOptions {
  /** The built page (`index.html`, `assets/`). @default DEFAULT_CONSOLE_ASSETS_DIR */
  assetsDir?: string;
  /** A session ends after this long without use. @default 12 hours */
  sessionIdleMs?: number;
  /** A session ends this long after sign-in, however much it is used. @default 7 days */
  sessionAbsoluteMs?: number;
  /** Failed sign-ins allowed per user and per IP. @default 5 per user and 20 per IP in 15 minutes */
  signInLimit?: Omit<SignInLimitOptions, 'now'>;
  /** The clock of sessions and sign-in limits, epoch ms. @default Date.now */
  now?: () => number;
  /** Longest wait of a live stream for events appended by other processes. @default 1000 */
  livePollMs?: number;
  /** A live stream sends `: ping` after this long without anything else. @default 15000 */
  liveHeartbeatMs?: number;
}

export interface ConsoleServiceOptions extends ConsoleOptions {
  store: Store;
  access: Access;
  awsJson: AwsJsonDispatcher;
  objects: ObjectStore;
  accountId: string;
  region: string;
  /** Ends long-lived responses (live events, build logs) when the server drains. */
  closing: AbortSignal;
  /** Reports sign-in attempts (`signin` `ConsoleLogin`) to the audit trail and metrics, as every protocol reports its calls. */
  onCall?(record: CallRecord): void;
  /** Calls `listener` whenever this process appends bus events (live streams wake at once); returns the unsubscribe. */
  eventsAppended(listener: () => void): () => void;
}

export interface ConsoleServices {
  /** Everything `isConsoleRequest` accepts. */
  route: (call: IncomingCall) => Promise<Response>;
  /** IAM login profiles (the IAM API's CreateLoginProfile and friends use it). */
  loginProfiles: LoginProfileService;
  sessions: ConsoleSessions;
}

export function makeConsoleServices(options: ConsoleServiceOptions): ConsoleServices {
  const { store, access, accountId, region } = options;
  const now = options.now ?? Date.now;
  const sessions = new ConsoleSessions({
    sessions: store.console.sessions, identity: store.identity, accountId, now,
    ...(options.sessionIdleMs !== undefined && { idleMs: options.sessionIdleMs }),
    ...(options.sessionAbsoluteMs !== undefined && { absoluteMs: options.sessionAbsoluteMs }),
  });
  const loginProfiles = new LoginProfileService({ profiles: store.console.loginProfiles, identity: store.identity, now });
  const signIn = new ConsoleSignIn({ identity: store.identity, loginProfiles, sessions, limit: new SignInLimit({ ...options.signInLimit, now }) });
  const authorize = (caller: Parameters<Access['authorize']>[0], action: string, resource: string, sourceIp: string): Promise<void> =>
    access.authorize(caller, action, resource, sourceIp);
  const route = makeConsoleRoutes({
    sessions,
    session: makeSessionRoutes({ signIn, sessions, accountId, region, onCall: (record) => options.onCall?.(record) }),
    aws: makeAwsRoute({ dispatch: options.awsJson, sessions, region }),
    downloads: { buildLogs: { store, accountId, closing: options.closing, authorize }, objects: options.objects, region, authorize },
    staticAssets: makeStaticAssets(options.assetsDir ?? DEFAULT_CONSOLE_ASSETS_DIR),
    live: makeLiveRoute({
      outbox: store.outbox, sessions, authorize, appended: (listener) => options.eventsAppended(listener), closing: options.closing,
      ...(options.livePollMs !== undefined && { pollMs: options.livePollMs }),
      ...(options.liveHeartbeatMs !== undefined && { heartbeatMs: options.liveHeartbeatMs }),
    }),
  });
  return { route, loginProfiles, sessions };
}
