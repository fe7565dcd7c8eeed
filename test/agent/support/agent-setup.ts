/**
 * An agent wired to the host-command fixture: compiled options with short waits, a temporary
 * root, and a helper that deploys a bundle by queueing its lifecycle events one by one, as the
 * deploy service does.
 */
import { join } from 'node:path';
import { compileAgentOptions, type AgentOptions, type CompiledAgentOptions } from '../../../src/agent/config.ts';
import type { DeploymentSpecification } from '../../../src/model/deploy/host-commands.ts';
import type { FixtureCommand, HostCommandFixture } from '../../support/host-command-fixture.ts';
import { makeSpec } from './builders.ts';

export function agentOptions(fixture: HostCommandFixture, rootDir: string, over: AgentOptions = {}): CompiledAgentOptions {
  return {
    ...compileAgentOptions({
      endpoint: fixture.url, instanceName: 'web-1', awsAccessKeyId: 'AKIAAGENT', awsSecretAccessKey: 'secret',
      rootDir: join(rootDir, 'agent'), heartbeatSeconds: 1, tags: { env: 'test', role: 'web' }, ...over,
    }),
    // Quick retries: tests wait on conditions, never on these delays.
    backoffBaseMs: 20, backoffCapMs: 100,
  };
}

export const IN_PLACE_EVENTS = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'];

/** Queues every event of a deployment of `revision` for `instance`, the next once the previous succeeds. */
export async function deployThroughFixture(fixture: HostCommandFixture, instance: string, revision: DeploymentSpecification['Revision']['S3Revision'],
  over: Partial<DeploymentSpecification> = {}): Promise<FixtureCommand[]> {
  const spec = makeSpec(over, revision);
  const done: FixtureCommand[] = [];
  for (const event of IN_PLACE_EVENTS) {
    const command = await fixture.completion(fixture.enqueue(instance, event, spec));
    done.push(command);
    if (command.status === 'Failed') break;
  }
  return done;
}
