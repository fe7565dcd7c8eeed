/**
 * Git smart HTTP for hosted repositories: `git clone <endpoint>/v1/repos/<name>`, fetch, push,
 * shallow clones, protocol v0 and v2, served by `git http-backend` (`cgi.ts`).
 *
 * Request flow: authenticate (HTTP Basic, `authenticate.ts`; none or wrong → 401 with a Basic
 * challenge, so git asks for credentials) → authorize `codecommit:GitPull` or `codecommit:GitPush`
 * on the repository's ARN (refused → 403, its reason shown by git as `remote: …`) → find the
 * repository (unknown → 404; only after authorization, so strangers learn no names) → run
 * http-backend.
 *
 * Pushes: the receive-pack exchanges of one repository run one at a time. Each reads the refs
 * before and after, and hands what changed to `onRefsChanged` before answering, so when
 * `git push` returns, whatever the change started (an event, a pipeline execution) exists. The
 * push's answer (a short status report) is held back until then; the pack itself streams in.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logging.ts';
import { coerceError, isSluiceError } from '../../model/errors.ts';
import { makeSerializer, type Serializer } from '../../model/serializer.ts';
import type { FindRepository, HostedRepository } from '../../services/hosted-repository.ts';
import type { CallRecord, IncomingCall } from '../aws-json/dispatcher.ts';
import type { Caller } from '../aws-json/operation.ts';
import { authenticateGit, type GitAuthOptions } from './authenticate.ts';
import { runHttpBackend } from './cgi.ts';
import { diffRefs, readRefs, type RefChange } from '../../git/ref-snapshots.ts';
import type { GitRoute } from './routes.ts';

export type { RefChange } from '../../git/ref-snapshots.ts';

export interface GitHandlerOptions {
  findRepository: FindRepository;
  auth: GitAuthOptions;
  authorize(caller: Caller, action: string, resource: string, sourceIp: string): Promise<void>;
  /**
   * Called once per push that changed refs, before the push is answered: the changes in ref-name
   * order (creation: `oldCommit` all zeros; deletion: `newCommit` all zeros) and the pusher's ARN.
   * Not called for fetches, clones or pushes that changed nothing. A failure is logged; the push
   * itself has already happened and is answered as git reported it. @default none
   */
  onRefsChanged?(repository: HostedRepository, changes: RefChange[], callerArn: string): Promise<void>;
  /**
   * Reports pushes and refused requests (audit trail, metrics) as CloudTrail names CodeCommit's
   * git calls: `GitPush`, `GitPull`. Allowed pulls are not reported: every clone and fetch would
   * be. @default none
   */
  onCall?(record: CallRecord): void;
  /** Largest pack one push may send; git refuses a larger one ("pack exceeds maximum allowed size"). @default 6 GiB */
  maxPushBytes?: number;
  /** The per-repository lock a push holds from its first ref snapshot to its callback; shared with API ref moves. @default its own */
  lock?: Serializer;
  logger: Logger;
}

/** A bound on one push's data, so a runaway push cannot fill the disk (AWS publishes none per push). */
export const DEFAULT_MAX_PUSH_BYTES = 6 * 1024 ** 3;

const text = (status: number, body: string, headers: Record<string, string> = {}): Response =>
  new Response(`${body}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });

const unauthorized = (): Response => text(401, 'Authentication required', { 'www-authenticate': 'Basic realm="Sluice"' });

export function repositoryArn(region: string, accountId: string, repositoryName: string): string {
  return `arn:aws:codecommit:${region}:${accountId}:${repositoryName}`;
}

export function makeGitHandler(options: GitHandlerOptions): (call: IncomingCall, route: GitRoute) => Promise<Response> {
  const { logger } = options;
  const serialize = options.lock ?? makeSerializer();

  async function serve(call: IncomingCall, route: GitRoute, repository: HostedRepository, caller: Caller): Promise<Response> {
    const url = new URL(call.request.url);
    const cgi = await runHttpBackend({
      gitDir: repository.gitDir, pathInfo: route.pathInfo, method: call.request.method, query: url.search.slice(1),
      headers: call.request.headers, body: call.request.body, remoteUser: caller.userName, remoteAddr: call.sourceIp,
      allowPush: route.access === 'push', maxPushBytes: options.maxPushBytes ?? DEFAULT_MAX_PUSH_BYTES,
    });
    void cgi.exited.then(({ code, stderr }) => {
      if (code !== 0) logger.warn({ repository: repository.repositoryName, code, stderr }, 'git http-backend failed');
    });
    return new Response(cgi.body, { status: cgi.status, headers: cgi.headers });
  }

  /** A push: refs before, the exchange (answer buffered), refs after, the callback, then the answer. */
  async function receive(call: IncomingCall, route: GitRoute, repository: HostedRepository, caller: Caller): Promise<Response> {
    return serialize(repository.repositoryId, async () => {
      const before = await readRefs(repository.gitDir);
      const answer = await serve(call, route, repository, caller);
      const body = await answer.arrayBuffer();
      const changes = diffRefs(before, await readRefs(repository.gitDir));
      if (changes.length > 0 && options.onRefsChanged) {
        await options.onRefsChanged(repository, changes, caller.arn).catch((e: unknown) => {
          logger.error({ err: coerceError(e), repository: repository.repositoryName }, 'ref changes not handed on');
        });
      }
      return new Response(body, { status: answer.status, headers: answer.headers });
    });
  }

  return async (call, route) => {
    const started = performance.now();
    const host = call.request.headers.get('host') ?? new URL(call.request.url).host;
    const caller = await authenticateGit(call.request.headers.get('authorization'), host, route.repositoryPath, options.auth);
    if (!caller) return unauthorized();
    const operation = route.access === 'push' ? 'GitPush' : 'GitPull';
    const arn = repositoryArn(options.auth.region, options.auth.accountId, route.repositoryName);
    const report = (status: number, refusal?: string): void => options.onCall?.({
      requestId: randomUUID(), service: 'codecommit', operation, caller, sourceIp: call.sourceIp, region: options.auth.region,
      input: { repositoryName: route.repositoryName }, resources: [arn], status, durationMs: performance.now() - started,
      ...(call.request.headers.has('user-agent') && { userAgent: call.request.headers.get('user-agent') ?? '' }),
      ...(refusal !== undefined && { errorCode: 'AccessDeniedException', errorMessage: refusal }),
    });
    try {
      await options.authorize(caller, `codecommit:${operation}`, arn, call.sourceIp);
    } catch (e) {
      if (!isSluiceError(e) || e.code !== 'AccessDeniedException') throw e;
      report(403, e.message);
      return text(403, e.message);
    }
    const repository = await options.findRepository(route.repositoryName);
    if (!repository) return text(404, `Repository ${route.repositoryName} does not exist`);
    try {
      if (!route.receivesPack) return await serve(call, route, repository, caller);
      const answer = await receive(call, route, repository, caller);
      report(answer.status);
      return answer;
    } catch (e) {
      logger.error({ err: coerceError(e), repository: repository.repositoryName }, 'git request failed');
      return text(500, 'Internal error');
    }
  };
}
