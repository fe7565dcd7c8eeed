/**
 * The console's reads that are not AWS JSON calls, authorized as the session's user:
 * - `GET /console/builds/<build id>/log?from=<seq>`: the build's live log (see
 *   `api/rest/build-log-stream.ts`), after line `from` (or `Last-Event-ID`);
 * - `GET /console/artifacts/<bucket>/<key>`: an artifact's bytes as a download, authorized as
 *   `s3:GetObject` on the object, as the S3 endpoint authorizes it.
 */
import type { ObjectStore } from '../../artifacts/objects/ports.ts';
import { SluiceError } from '../../model/errors.ts';
import type { ActiveSession } from '../../services/console-sessions.ts';
import type { IncomingCall } from '../aws-json/dispatcher.ts';
import type { Caller } from '../aws-json/operation.ts';
import { openBuildLog, resumeSeq, type BuildLogRouteOptions } from '../rest/build-log-stream.ts';

export const CONSOLE_BUILD_LOG_PATH = /^\/console\/builds\/([^/]+)\/log$/;
export const CONSOLE_ARTIFACT_PATH = /^\/console\/artifacts\/([^/]+)\/(.+)$/;

export interface DownloadOptions {
  buildLogs: Omit<BuildLogRouteOptions, 'authenticate'>;
  objects: ObjectStore;
  region: string;
  authorize(caller: Caller, action: string, resource: string, sourceIp: string): Promise<void>;
}

export async function consoleBuildLog(options: DownloadOptions, call: IncomingCall, active: ActiveSession, url: URL, buildId: string): Promise<Response> {
  // `from` is the seq of the last line the page shows, as `Last-Event-ID` is.
  const resume = new URL(url);
  const from = url.searchParams.get('from');
  if (from !== null) resume.searchParams.set('after', from);
  const afterSeq = resumeSeq(call.request.headers, resume);
  return openBuildLog(options.buildLogs, active.caller, options.region, call.sourceIp, buildId, afterSeq);
}

/** `filename*` (RFC 6266 / 5987) of the key's last segment, with a plain ASCII fallback. */
function attachment(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1) || 'artifact';
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function consoleArtifact(options: DownloadOptions, call: IncomingCall, active: ActiveSession, bucket: string, key: string): Promise<Response> {
  await options.authorize(active.caller, 's3:GetObject', `arn:aws:s3:::${bucket}/${key}`, call.sourceIp);
  const object = await options.objects.open(bucket, key).catch(() => undefined);
  if (!object) throw new SluiceError('ResourceNotFoundException', `No artifact ${key} in bucket ${bucket}`);
  return new Response(object.read(), {
    headers: {
      'content-type': object.info.contentType ?? 'application/octet-stream', 'content-length': String(object.info.size),
      'content-disposition': attachment(key), etag: object.info.etag, 'cache-control': 'private, no-cache',
    },
  });
}
