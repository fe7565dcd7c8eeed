/**
 * Options of the traffic router's data plane, compiled once (defaults filled, checked).
 */

export interface RouterOptions {
  /** The address every listener binds. @default '127.0.0.1' */
  host?: string;
  /**
   * How long one "second" of the ELB settings lasts, ms: health check intervals and timeouts and
   * deregistration delays are counted in it. Only tests and demos change it. @default 1000
   */
  secondMs?: number;
  /** How often the configuration is read again, to follow changes other server processes made, ms. @default 2000 */
  refreshMs?: number;
  /** How long a target may send nothing before the client gets 504, ms (ALB's idle timeout). @default 60000 */
  idleTimeoutMs?: number;
  /** Attempts per request when a target cannot be reached (see `proxy.ts`). @default 3 */
  maxAttempts?: number;
  /** When a listener closes, how long its open connections may finish their requests, ms. @default 5000 */
  closeGraceMs?: number;
}

export type CompiledRouterOptions = Required<RouterOptions>;

export function compileRouterOptions(options: RouterOptions = {}): CompiledRouterOptions {
  const compiled: CompiledRouterOptions = {
    host: options.host ?? '127.0.0.1',
    secondMs: options.secondMs ?? 1000,
    refreshMs: options.refreshMs ?? 2000,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    maxAttempts: options.maxAttempts ?? 3,
    closeGraceMs: options.closeGraceMs ?? 5000,
  };
  for (const key of ['secondMs', 'refreshMs', 'idleTimeoutMs', 'maxAttempts'] as const) {
    if (!Number.isFinite(compiled[key]) || compiled[key] <= 0) throw new Error(`router option ${key} must be a positive number`);
  }
  if (!Number.isFinite(compiled.closeGraceMs) || compiled.closeGraceMs < 0) throw new Error('router option closeGraceMs must be 0 or more');
  return compiled;
}
