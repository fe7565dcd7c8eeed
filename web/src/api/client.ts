/**
 * Every call the console makes to Sluice: the AWS JSON API through `POST /console/aws` (so
 * authorization, validation and the audit trail are those of the CLI), and the session routes.
 * Errors arrive as `ApiError` carrying the API's `__type` and message. A 401 means the session is
 * gone: listeners (the app) send the user back to sign-in.
 */
import { makeStore } from '../lib/store.ts';

/** The `X-Amz-Target` prefix of each service the console calls. */
export const Service = {
  CodePipeline: 'CodePipeline_20150709',
  CodeBuild: 'CodeBuild_20161006',
} as const;
export type Service = (typeof Service)[keyof typeof Service];

export class ApiError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.type = type;
    this.status = status;
  }
}

export interface Session {
  userName: string;
  arn: string;
  accountId: string;
  region: string;
  csrfToken: string;
  expiresAt: string | number;
}

/** The signed-in session, or null. Pages read the CSRF token from here. */
export const session = makeStore<Session | null>(null);

/** `{ __type: 'ns#Name', message }` (or `Message`) → ApiError; anything unreadable gets the status. */
async function errorOf(response: Response): Promise<ApiError> {
  const body = await response.json().catch(() => ({})) as { __type?: string; message?: string; Message?: string };
  const type = (body.__type ?? `HTTP ${response.status}`).replace(/^.*#/, '');
  return new ApiError(type, body.message ?? body.Message ?? response.statusText, response.status);
}

function csrfHeader(): Record<string, string> {
  const token = session.get()?.csrfToken;
  return token ? { 'X-CSRF-Token': token } : {};
}

/** Calls `operation` of `service` as the signed-in user and answers the parsed output. */
export async function aws<T>(service: Service, operation: string, input: object = {}): Promise<T> {
  const response = await fetch('/console/aws', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${service}.${operation}`, ...csrfHeader() },
    body: JSON.stringify(input),
  });
  if (response.ok) return await response.json() as T;
  const error = await errorOf(response);
  if (response.status === 401) session.set(null);
  throw error;
}

export const codepipeline = <T>(operation: string, input: object = {}): Promise<T> => aws<T>(Service.CodePipeline, operation, input);
export const codebuild = <T>(operation: string, input: object = {}): Promise<T> => aws<T>(Service.CodeBuild, operation, input);

export type SignInCredentials = { accessKeyId: string; secretAccessKey: string } | { userName: string; password: string };

export async function signIn(credentials: SignInCredentials): Promise<Session> {
  const response = await fetch('/console/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(credentials),
  });
  if (!response.ok) throw await errorOf(response);
  const signedIn = await response.json() as Session;
  session.set(signedIn);
  return signedIn;
}

/** The current session from the cookie, or null when there is none (401). */
export async function resumeSession(): Promise<Session | null> {
  const response = await fetch('/console/session');
  if (response.status === 401) {
    await response.text(); // read to the end: an unread body keeps the request open until the page goes
    return null;
  }
  if (!response.ok) throw await errorOf(response);
  const current = await response.json() as Session;
  session.set(current);
  return current;
}

export async function signOut(): Promise<void> {
  const headers = csrfHeader();
  // Signed out in the page first, so the live stream closes before the server ends it.
  session.set(null);
  const response = await fetch('/console/session', { method: 'DELETE', headers });
  if (!response.ok && response.status !== 401) throw await errorOf(response);
}
