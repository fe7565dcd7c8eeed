/**
 * `POST /console/aws`: the page's calls to Sluice's AWS JSON APIs. The request is what an SDK
 * sends (`X-Amz-Target`, a JSON body) minus the signature; the session stands in for SigV4 and the
 * dispatcher does the rest exactly as for a signed call (validation, IAM authorization, errors,
 * audit trail), so the answer is byte for byte the AWS endpoint's. The audit trail records the
 * session's user, its `ASIA…` session id as the access key, and the console as the user agent.
 */
import type { AwsJsonDispatcher, IncomingCall } from '../aws-json/dispatcher.ts';
import type { ConsoleSessions } from '../../services/console-sessions.ts';
import { requireCsrf, requireSession } from './guard.ts';
import { consoleError } from './http.ts';

/** The user agent console calls are audited with; the browser's follows in brackets. */
export const CONSOLE_USER_AGENT = 'sluice-console';

export interface AwsRouteOptions {
  dispatch: AwsJsonDispatcher;
  sessions: ConsoleSessions;
  region: string;
}

export function makeAwsRoute(options: AwsRouteOptions): (call: IncomingCall) => Promise<Response> {
  return async (call) => {
    let authenticated;
    try {
      const active = await requireSession(call.request, options.sessions);
      requireCsrf(call.request, active);
      const browser = call.request.headers.get('user-agent');
      authenticated = { caller: active.caller, region: options.region, userAgent: browser ? `${CONSOLE_USER_AGENT} [${browser}]` : CONSOLE_USER_AGENT };
    } catch (e) {
      return consoleError(e);
    }
    const response = await options.dispatch(call, authenticated);
    response.headers.set('cache-control', 'no-store');
    return response;
  };
}
