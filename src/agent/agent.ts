/**
 * `sluice agent`: the deploy agent on a target host. One command at a time, in a fixed loop:
 * PollHostCommand (long poll) → PutHostCommandAcknowledgement → GetDeploymentSpecification →
 * run the lifecycle event with a heartbeat → PutHostCommandComplete.
 *
 * Modes (changed only through the setMode* methods, each checking where it comes from):
 * - `starting`: registering the instance and settling what a previous run left on disk (a
 *   command it died holding is reported Failed; an unsent result is sent).
 * - `running`: polling and running commands.
 * - `draining`: the first SIGTERM. No new poll; the running command finishes (or times out),
 *   its result is sent, then the agent stops.
 * - `stopped`: the loop has ended; `run()` resolves.
 * - `failed`: it could not start (bad credentials, a refused registration); `run()` rejects.
 * A second SIGTERM (`force()`) kills the running scripts; their event is reported Failed, and a
 * result the server cannot take right then stays on disk for the next start.
 *
 * Calls that fail for a reason a retry may fix (no connection, 5xx) back off and retry
 * (backoff.ts); results are never dropped for that reason.
 */
import type { Logger } from '../logging.ts';
import { LifecycleErrorCode, type HostCommand } from '../model/deploy/host-commands.ts';
import { coerceError } from '../model/errors.ts';
import { HostCommandClient } from './aws/host-command-client.ts';
import { ensureRegistered } from './aws/registration.ts';
import { AgentCallError, SignedHttp } from './aws/signed-http.ts';
import { AgentState, type PendingCompletion } from './agent-state.ts';
import { agentBackoffMs, pause, retryTransient, type RetryPolicy } from './backoff.ts';
import type { CompiledAgentOptions } from './config.ts';
import { AgentLayout } from './layout.ts';
import { runAcknowledgedCommand } from './run-command.ts';

const isTransient = (err: Error): boolean => err instanceof AgentCallError && err.transient;

/** The agent's own credentials and settings are not handed to hook scripts (run as other users too). */
const PRIVATE_ENV = /^(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|SLUICE_.*)$/;

function scriptBaseEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !PRIVATE_ENV.test(name)));
}

export type AgentMode = 'starting' | 'running' | 'draining' | 'stopped' | 'failed';

export interface AgentDeps {
  logger: Logger;
  /** The environment hook scripts inherit. @default process.env */
  env?: Record<string, string | undefined>;
  /** Jitter source for backoff, in [0, 1). @default Math.random */
  random?: () => number;
  /** @default () => new Date() */
  now?: () => Date;
}

export class DeployAgent {
  private mode: AgentMode = 'starting';
  /** Aborted on drain: the long poll and idle waits end at once. */
  private readonly stopPolling = new AbortController();
  /** Aborted on force: scripts are killed and retries end. */
  private readonly forced = new AbortController();
  private readonly options: CompiledAgentOptions;
  private readonly deps: Required<AgentDeps>;
  private readonly layout: AgentLayout;
  private readonly http: SignedHttp;
  private readonly client: HostCommandClient;
  private readonly state: AgentState;
  private hostIdentifier = '';

  constructor(options: CompiledAgentOptions, deps: AgentDeps) {
    this.options = options;
    this.deps = { env: process.env, random: Math.random, now: () => new Date(), ...deps };
    this.layout = new AgentLayout(options.rootDir);
    this.http = new SignedHttp({ endpoint: options.endpoint, region: options.region, credentials: options.credentials, requestTimeoutMs: options.requestTimeoutMs });
    this.client = new HostCommandClient(this.http, options.pollTimeoutMs);
    this.state = new AgentState(this.layout);
  }

  get currentMode(): AgentMode {
    return this.mode;
  }

  /** Registers, settles leftovers, then runs commands until drained or forced. */
  async run(): Promise<void> {
    try {
      await this.register();
      await this.recover();
    } catch (e) {
      if (this.stopPolling.signal.aborted) return this.setModeStopped();
      this.setModeFailed();
      throw e;
    }
    if (this.mode === 'starting') this.setModeRunning();
    await this.loop();
    this.setModeStopped();
  }

  /** First SIGTERM: finish the running command, report it, stop. */
  drain(): void {
    if (this.mode === 'starting' || this.mode === 'running') this.setModeDraining();
  }

  /** Second SIGTERM: kill the running scripts and stop as soon as their failure is reported. */
  force(): void {
    if (this.mode === 'starting' || this.mode === 'running') this.setModeDraining();
    this.forced.abort();
  }

  private setModeRunning(): void {
    if (this.mode !== 'starting') throw new Error(`Agent cannot start running from mode ${this.mode}`);
    this.mode = 'running';
    this.deps.logger.info({ hostIdentifier: this.hostIdentifier }, 'agent polling for host commands');
  }

  private setModeDraining(): void {
    if (this.mode !== 'starting' && this.mode !== 'running') throw new Error(`Agent cannot drain from mode ${this.mode}`);
    this.mode = 'draining';
    this.stopPolling.abort();
    this.deps.logger.info({}, 'agent draining: finishing the running command, polling no more');
  }

  private setModeStopped(): void {
    if (this.mode === 'stopped' || this.mode === 'failed') throw new Error(`Agent cannot stop from mode ${this.mode}`);
    this.mode = 'stopped';
    this.deps.logger.info({}, 'agent stopped');
  }

  private setModeFailed(): void {
    if (this.mode !== 'starting' && this.mode !== 'draining') throw new Error(`Agent cannot fail from mode ${this.mode}`);
    this.mode = 'failed';
  }

  private async register(): Promise<void> {
    const registered = await this.retrying('register', () => ensureRegistered(this.http, {
      instanceName: this.options.instanceName, region: this.options.region, tags: this.options.tags,
      ...(this.options.iamUserArn !== undefined && { iamUserArn: this.options.iamUserArn }),
    }), this.stopPolling.signal);
    this.hostIdentifier = registered.instanceArn;
    this.deps.logger.info({ instanceName: this.options.instanceName, ...registered }, registered.registeredNow ? 'instance registered' : 'instance already registered');
  }

  /** A command the previous run died holding is reported Failed; an unsent result is sent. */
  private async recover(): Promise<void> {
    const held = await this.state.held();
    if (held) {
      this.deps.logger.warn({ hostCommandId: held.command.HostCommandIdentifier, event: held.command.CommandName }, 'the agent restarted while running a command; reporting it Failed');
      await this.state.finish({
        commandId: held.command.HostCommandIdentifier, commandName: held.command.CommandName, status: 'Failed',
        diagnostics: {
          error_code: LifecycleErrorCode.UnknownError, script_name: '', log: '',
          message: `The agent restarted while running ${held.command.CommandName} (acknowledged at ${held.acknowledgedAt}); its scripts may have been cut off, so the event is reported Failed`,
        },
      });
    }
    const pending = await this.state.pending();
    if (pending) await this.deliver(pending);
  }

  private async loop(): Promise<void> {
    let refusals = 0;
    while (this.mode === 'running') {
      let command: HostCommand | undefined;
      try {
        command = await this.retrying('poll', () => this.client.poll(this.hostIdentifier, this.stopPolling.signal), this.stopPolling.signal);
        refusals = 0;
      } catch (e) {
        if (this.stopPolling.signal.aborted) break;
        // A refusal (access denied, instance deregistered) may be fixed on the server while the
        // agent waits; it keeps asking, slowly, and says why in the log.
        this.deps.logger.error({ err: coerceError(e).message }, 'the server refused to hand out commands');
        await pause(this.backoff(refusals++), this.stopPolling.signal);
      }
      if (command) await this.handle(command);
    }
  }

  private async handle(command: HostCommand): Promise<void> {
    const log = this.deps.logger.child({ hostCommandId: command.HostCommandIdentifier, event: command.CommandName });
    const status = await this.retrying('acknowledge', () => this.client.acknowledge(command.HostCommandIdentifier), this.forced.signal).catch((e: unknown) => {
      log.warn({ err: coerceError(e) }, 'acknowledgement refused; skipping the command');
      return undefined;
    });
    if (status !== 'Pending' && status !== 'InProgress') return;
    await this.state.hold(command, this.deps.now());
    const retry = <T>(call: () => Promise<T>): Promise<T> => retryTransient(call, isTransient, this.retryPolicy(command.CommandName), this.forced.signal);
    const result = await runAcknowledgedCommand(command, {
      client: this.client, heartbeatMs: this.options.heartbeatMs, forceSignal: this.forced.signal, logger: log, retry,
      lifecycle: { layout: this.layout, http: this.http, baseEnv: scriptBaseEnv(this.deps.env), maxRevisions: this.options.maxRevisions, retry },
    });
    log.info({ status: result.status, errorCode: result.diagnostics.error_code, message: result.diagnostics.message }, 'lifecycle event finished');
    const completion: PendingCompletion = { commandId: command.HostCommandIdentifier, commandName: command.CommandName, ...result };
    await this.state.finish(completion);
    await this.deliver(completion);
  }

  /**
   * Sends a result until the server takes it. A refusal (the command is no longer this agent's)
   * drops it; a transient failure keeps trying, except once forced: then it stays on disk.
   */
  private async deliver(completion: PendingCompletion): Promise<void> {
    const log = this.deps.logger.child({ hostCommandId: completion.commandId, event: completion.commandName });
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.client.complete(completion.commandId, completion.status, completion.diagnostics);
        await this.state.delivered();
        log.info({ status: completion.status }, 'result reported');
        return;
      } catch (e) {
        const err = coerceError(e);
        if (err instanceof AgentCallError && !err.transient) {
          log.warn({ err }, 'the server refused the result; dropping it');
          await this.state.delivered();
          return;
        }
        if (this.forced.signal.aborted) {
          log.warn({ err }, 'result not reported; it stays on disk and is sent when the agent starts again');
          return;
        }
        log.warn({ err, attempt }, 'reporting the result failed; retrying');
        await pause(this.backoff(attempt), this.forced.signal);
      }
    }
  }

  /** Runs `call` again after transient failures (backing off) until `signal` aborts. */
  private retrying<T>(what: string, call: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return retryTransient(call, isTransient, this.retryPolicy(what), signal);
  }

  private retryPolicy(what: string): RetryPolicy {
    return {
      baseMs: this.options.backoffBaseMs, capMs: this.options.backoffCapMs, random: this.deps.random,
      onRetry: (err, attempt) => this.deps.logger.warn({ err: err.message, attempt }, `${what} failed; retrying`),
    };
  }

  private backoff(attempt: number): number {
    return agentBackoffMs(attempt, this.deps.random(), { baseMs: this.options.backoffBaseMs, capMs: this.options.backoffCapMs });
  }
}
