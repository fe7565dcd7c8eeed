/**
 * The traffic router's data plane in one server process: listeners' HTTP servers, the choice of
 * a target for each request, health checks and draining, all driven by the configuration in the
 * store.
 *
 * Configuration: `reload()` reads the store's snapshot and applies it (opens and closes ports,
 * tells the health monitor which targets to check, completes drains). The control API reloads
 * after each change, so a change is in effect when its call returns; a timer reloads every
 * `refreshMs` to follow changes made through other server processes. Reloads never interleave.
 *
 * Choosing a target: the listener's target groups by smooth weighted round-robin, then the
 * group's healthy targets in turn. When a group has no healthy target, every registered
 * (non-draining) target of it is used: ALB's fail-open rule. A group with no registered target
 * answers 503.
 *
 * Draining: a deregistered target gets no new requests; it is removed from the store when its
 * requests in this process have finished, or at its deadline, when the requests still running
 * are cut.
 *
 * Health is measured and kept per process (see `health-monitor.ts`).
 */
import { EventEmitter } from 'node:events';
import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '../logging.ts';
import { coerceError } from '../model/errors.ts';
import type { ListenerRecord, RouterConfig, RouterStore, TargetRecord } from '../store/router-ports.ts';
import { sendRouterError } from './error-pages.ts';
import { HealthMonitor } from './health-monitor.ts';
import { ListenerServers } from './listener-servers.ts';
import type { CompiledRouterOptions } from './options.ts';
import { proxyRequest, type ProxyTarget } from './proxy.ts';
import { DRAINING, REGISTERING, UNUSED, type TargetHealthView } from './target-health.ts';
import { SmoothWeighted } from './weighted-choice.ts';

export interface DataPlaneOptions {
  store: RouterStore;
  options: CompiledRouterOptions;
  logger: Logger;
  now: () => number;
}

const EMPTY: RouterConfig = { loadBalancers: [], targetGroups: [], listeners: [], targets: [] };

/** A registration's identity: registering again after a drain starts a new one. */
export function registrationKey(t: TargetRecord): string {
  return `${t.targetGroupArn}|${t.id}|${t.port}|${t.registered}`;
}

export class DataPlane {
  /** `changed` after every applied configuration and every change of a target's health. */
  readonly events = new EventEmitter<{ changed: [] }>();
  readonly #store: RouterStore;
  readonly #options: CompiledRouterOptions;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #servers: ListenerServers;
  readonly #health: HealthMonitor;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 256 });
  #config: RouterConfig = EMPTY;
  #listenersByPort = new Map<number, ListenerRecord>();
  /** Registered, non-draining targets by group. */
  #serving = new Map<string, TargetRecord[]>();
  /** Groups some listener forwards to (health checked). */
  #used = new Set<string>();
  #pickers = new Map<string, { signature: string; picker: SmoothWeighted<string> }>();
  #turns = new Map<string, number>();
  /** Abort functions of the requests in flight, by registration key. */
  #inFlight = new Map<string, Set<() => void>>();
  #draining = new Set<string>();
  #removing = new Set<string>();
  /** Ports opened for a listener about to be stored. */
  #reserved = new Set<number>();
  #applying: Promise<void> = Promise.resolve();
  #refreshTimer?: NodeJS.Timeout;
  #drainTimer?: NodeJS.Timeout;
  #closed = false;

  constructor(options: DataPlaneOptions) {
    this.#store = options.store;
    this.#options = options.options;
    this.#logger = options.logger;
    this.#now = options.now;
    this.#servers = new ListenerServers({ host: options.options.host, closeGraceMs: options.options.closeGraceMs, handler: (port, req, res) => this.#handle(port, req, res) });
    this.#health = new HealthMonitor(options.options.secondMs);
    this.#health.on('change', () => this.events.emit('changed'));
  }

  async start(): Promise<void> {
    await this.reload();
    this.#refreshTimer = setInterval(() => {
      this.reload().catch((e: unknown) => this.#logger.error({ err: coerceError(e) }, 'router configuration reload failed'));
    }, this.#options.refreshMs);
    this.#refreshTimer.unref();
  }

  /** Reads the configuration and applies it; resolves once it is in effect. */
  reload(): Promise<void> {
    const next = this.#applying.then(async () => {
      if (!this.#closed) await this.#apply(await this.#store.snapshot());
    });
    this.#applying = next.catch(() => undefined);
    return next;
  }

  /** The configuration last applied. */
  config(): RouterConfig {
    return this.#config;
  }

  /** Opens `port` for a listener about to be stored; the returned function gives it up again if it was not. */
  async reservePort(port: number): Promise<() => Promise<void>> {
    this.#reserved.add(port);
    try {
      await this.#servers.open(port);
    } catch (e) {
      this.#reserved.delete(port);
      throw e;
    }
    return async () => {
      this.#reserved.delete(port);
      await this.reload();
    };
  }

  /** A registered target's health as this process sees it. */
  targetHealth(target: TargetRecord): TargetHealthView {
    if (target.drainingUntil !== undefined) return DRAINING;
    if (!this.#used.has(target.targetGroupArn)) return UNUSED;
    const health = this.#health.health(registrationKey(target)) ?? REGISTERING;
    return { state: health.state, ...(health.reason !== undefined && { reason: health.reason, description: health.description }) };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#refreshTimer);
    clearTimeout(this.#drainTimer);
    await this.#applying;
    this.#health.close();
    await this.#servers.closeAll();
    this.#agent.destroy();
  }

  async #apply(config: RouterConfig): Promise<void> {
    this.#config = config;
    this.#listenersByPort = new Map(config.listeners.map((l) => [l.port, l]));
    this.#used = new Set(config.listeners.flatMap((l) => l.forward.map((f) => f.targetGroupArn)));
    this.#serving = new Map();
    for (const target of config.targets) {
      if (target.drainingUntil !== undefined) continue;
      const group = this.#serving.get(target.targetGroupArn) ?? [];
      group.push(target);
      this.#serving.set(target.targetGroupArn, group);
    }
    const groups = new Map(config.targetGroups.map((g) => [g.arn, g]));
    this.#health.track([...this.#serving].filter(([arn]) => this.#used.has(arn)).flatMap(([arn, targets]) => {
      const group = groups.get(arn);
      return group ? targets.map((t) => ({ key: registrationKey(t), host: t.id, port: t.port, settings: group.healthCheck })) : [];
    }));
    this.#updatePickers(config.listeners);
    await this.#reconcilePorts(config.listeners);
    this.#draining = new Set(config.targets.filter((t) => t.drainingUntil !== undefined).map(registrationKey));
    this.#checkDrains();
    this.events.emit('changed');
  }

  #updatePickers(listeners: ListenerRecord[]): void {
    const next = new Map<string, { signature: string; picker: SmoothWeighted<string> }>();
    for (const listener of listeners) {
      const signature = JSON.stringify(listener.forward);
      const current = this.#pickers.get(listener.arn);
      next.set(listener.arn, current?.signature === signature ? current
        : { signature, picker: new SmoothWeighted(listener.forward.map((f) => ({ item: f.targetGroupArn, weight: f.weight }))) });
    }
    this.#pickers = next;
  }

  async #reconcilePorts(listeners: ListenerRecord[]): Promise<void> {
    const wanted = new Set([...listeners.map((l) => l.port), ...this.#reserved]);
    for (const port of this.#servers.ports()) if (!wanted.has(port)) await this.#servers.close(port);
    for (const port of wanted) {
      // A port another process holds is tried again at the next reload.
      await this.#servers.open(port).catch((e: unknown) => this.#logger.warn({ port, err: coerceError(e) }, 'router listener port not opened'));
    }
  }

  #handle(port: number, req: IncomingMessage, res: ServerResponse): void {
    const listener = this.#listenersByPort.get(port);
    const picker = listener && this.#pickers.get(listener.arn)?.picker;
    if (!listener || !picker) {
      sendRouterError(res, 503);
      return;
    }
    proxyRequest(req, res, {
      agent: this.#agent, idleTimeoutMs: this.#options.idleTimeoutMs, maxAttempts: this.#options.maxAttempts, listenerPort: port,
      choose: (tried) => this.#choose(listener, picker, tried),
      track: (target, abort) => this.#track(target, abort),
    });
  }

  /** The next target; a retry may fall over to the listener's other groups. */
  #choose(listener: ListenerRecord, picker: SmoothWeighted<string>, tried: ReadonlySet<string>): ProxyTarget | undefined {
    for (let i = 0; i < Math.max(1, listener.forward.length); i++) {
      const groupArn = picker.next();
      if (groupArn === undefined) return undefined;
      const target = this.#pickTarget(groupArn, tried);
      if (target || tried.size === 0) return target;
    }
    return undefined;
  }

  #pickTarget(groupArn: string, tried: ReadonlySet<string>): ProxyTarget | undefined {
    const serving = this.#serving.get(groupArn) ?? [];
    const healthy = serving.filter((t) => this.#health.health(registrationKey(t))?.state === 'healthy');
    const pool = (healthy.length > 0 ? healthy : serving).filter((t) => !tried.has(registrationKey(t)));
    if (pool.length === 0) return undefined;
    const turn = this.#turns.get(groupArn) ?? 0;
    this.#turns.set(groupArn, turn + 1);
    const target = pool[turn % pool.length] as TargetRecord;
    return { key: registrationKey(target), host: target.id, port: target.port };
  }

  #track(target: ProxyTarget, abort: () => void): () => void {
    const running = this.#inFlight.get(target.key) ?? new Set();
    running.add(abort);
    this.#inFlight.set(target.key, running);
    return () => {
      running.delete(abort);
      if (running.size > 0) return;
      this.#inFlight.delete(target.key);
      if (this.#draining.has(target.key)) this.#checkDrains();
    };
  }

  /** Completes drains whose requests have finished or whose deadline has passed; waits for the next deadline. */
  #checkDrains(): void {
    clearTimeout(this.#drainTimer);
    if (this.#closed) return;
    const now = this.#now();
    const done: TargetRecord[] = [];
    let nextDeadline = Infinity;
    for (const target of this.#config.targets) {
      const key = registrationKey(target);
      if (target.drainingUntil === undefined || this.#removing.has(key)) continue;
      const running = this.#inFlight.get(key);
      if (running && running.size > 0 && now < target.drainingUntil) {
        nextDeadline = Math.min(nextDeadline, target.drainingUntil);
        continue;
      }
      for (const abort of running ?? []) abort();
      done.push(target);
    }
    if (nextDeadline < Infinity) {
      this.#drainTimer = setTimeout(() => this.#checkDrains(), Math.max(0, nextDeadline - now));
      this.#drainTimer.unref();
    }
    if (done.length > 0) void this.#removeDrained(done);
  }

  async #removeDrained(targets: TargetRecord[]): Promise<void> {
    for (const t of targets) this.#removing.add(registrationKey(t));
    try {
      for (const arn of new Set(targets.map((t) => t.targetGroupArn))) {
        await this.#store.removeDrainedTargets(arn, targets.filter((t) => t.targetGroupArn === arn));
      }
      await this.reload();
    } catch (e) {
      this.#logger.error({ err: coerceError(e) }, 'drained targets not removed');
    } finally {
      for (const t of targets) this.#removing.delete(registrationKey(t));
    }
  }
}
