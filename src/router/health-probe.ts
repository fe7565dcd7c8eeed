/**
 * One health check: `GET <path>` on a fresh connection to the target (closed afterwards, as ALB
 * does), passed when the status matches the group's matcher within the timeout. A failure carries
 * ELB's reason code: `Target.ResponseCodeMismatch` (with the codes seen), `Target.Timeout`, or
 * `Target.FailedHealthChecks` (the connection failed).
 */
import { request } from 'node:http';
import { matchesHttpCode } from './http-codes.ts';
import type { CheckResult } from './target-health.ts';

export interface ProbeTarget { host: string; port: number; path: string; matcher: string; timeoutMs: number }

export function probeTarget(target: ProbeTarget, signal: AbortSignal): Promise<CheckResult> {
  return new Promise((resolve) => {
    const req = request({
      host: target.host, port: target.port, path: target.path, method: 'GET', agent: false, signal,
      headers: { 'user-agent': 'ELB-HealthChecker/2.0', connection: 'close' },
    }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      res.once('end', () => resolve(matchesHttpCode(target.matcher, status)
        ? { ok: true }
        : { ok: false, reason: 'Target.ResponseCodeMismatch', description: `Health checks failed with these codes: [${status}]` }));
      res.once('error', () => resolve({ ok: false, reason: 'Target.FailedHealthChecks', description: 'Health checks failed' }));
    });
    req.setTimeout(target.timeoutMs, () => {
      req.destroy();
      resolve({ ok: false, reason: 'Target.Timeout', description: 'Request timed out' });
    });
    req.once('error', () => resolve({ ok: false, reason: 'Target.FailedHealthChecks', description: 'Health checks failed' }));
    req.end();
  });
}
