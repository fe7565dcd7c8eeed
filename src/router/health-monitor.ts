/**
 * Health checks of every target that may receive traffic, in memory: one loop per target, a check
 * right away and then one per interval, each moving the target's health through
 * `calcTargetHealth`. `track()` is told the full set of checked targets after each configuration
 * change; loops of targets no longer in it stop, and a target tracked again (registered anew)
 * starts over from `initial`.
 *
 * Lifecycle: `track()` any number of times, then `close()`; listeners of `change` hear every
 * state change (not every check).
 */
import { EventEmitter } from 'node:events';
import { probeTarget } from './health-probe.ts';
import { calcTargetHealth, REGISTERING, type MeasuredHealth } from './target-health.ts';
import type { HealthCheckSettings } from '../store/router-ports.ts';

export interface CheckedTarget {
  /** Unique per registration: a target registered again gets a new key. */
  key: string;
  host: string;
  port: number;
  settings: HealthCheckSettings;
}

interface Loop { target: CheckedTarget; health: MeasuredHealth; timer?: NodeJS.Timeout; abort: AbortController }

export class HealthMonitor extends EventEmitter<{ change: [key: string, health: MeasuredHealth] }> {
  readonly #loops = new Map<string, Loop>();
  /** Length of one "second" of the settings, ms (tests shorten it). */
  readonly #secondMs: number;

  constructor(secondMs: number) {
    super();
    this.#secondMs = secondMs;
  }

  /** Checks exactly these targets from now on. */
  track(targets: readonly CheckedTarget[]): void {
    const wanted = new Map(targets.map((t) => [t.key, t]));
    for (const [key, loop] of this.#loops) {
      const next = wanted.get(key);
      // Changed settings (ModifyTargetGroup) apply from the next check on.
      if (next) loop.target = next;
      else this.#stop(key, loop);
    }
    for (const [key, target] of wanted) {
      if (this.#loops.has(key)) continue;
      const loop: Loop = { target, health: REGISTERING, abort: new AbortController() };
      this.#loops.set(key, loop);
      this.#schedule(key, loop, 0);
    }
  }

  /** The health of a checked target; undefined when it is not checked. */
  health(key: string): MeasuredHealth | undefined {
    return this.#loops.get(key)?.health;
  }

  close(): void {
    for (const [key, loop] of this.#loops) this.#stop(key, loop);
  }

  #stop(key: string, loop: Loop): void {
    clearTimeout(loop.timer);
    loop.abort.abort();
    this.#loops.delete(key);
  }

  #schedule(key: string, loop: Loop, delayMs: number): void {
    loop.timer = setTimeout(() => void this.#check(key, loop), delayMs);
    loop.timer.unref();
  }

  async #check(key: string, loop: Loop): Promise<void> {
    const { settings, host, port } = loop.target;
    const result = await probeTarget({
      host, port: settings.port === 'traffic-port' ? port : Number(settings.port), path: settings.path, matcher: settings.matcher,
      timeoutMs: settings.timeoutSeconds * this.#secondMs,
    }, loop.abort.signal);
    if (this.#loops.get(key) !== loop) return;
    const before = loop.health;
    loop.health = calcTargetHealth(before, result, settings);
    if (loop.health.state !== before.state || loop.health.reason !== before.reason) this.emit('change', key, loop.health);
    this.#schedule(key, loop, settings.intervalSeconds * this.#secondMs);
  }
}
