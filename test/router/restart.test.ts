/**
 * The router's configuration lives in the store: a restarted server opens every stored listener
 * again, and a second server process on the same store (binding another address) picks up a
 * listener created through the first and forwards through it too.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ModifyListenerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { waitFor } from '../compat/support.ts';
import { startTestServer } from '../support/server.ts';
import { createGroup, createListener, elbClient, send, SECOND_MS, startUpstream, waitForHealth, type Upstream } from './support.ts';

/** GET / on `host:port`; the upstream's name, or the error's code. */
function nameAt(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => { body += d; });
      res.on('end', () => resolve(res.statusCode === 200 ? (JSON.parse(body) as { name: string }).name : `HTTP ${res.statusCode}`));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    req.end();
  });
}

describe('router configuration in the store', () => {
  let dataDir = '';
  let blue: Upstream;
  let green: Upstream;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sluice-router-'));
    [blue, green] = await Promise.all([startUpstream('blue'), startUpstream('green')]);
  });
  after(async () => {
    await Promise.all([blue?.close(), green?.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reopens stored listeners after a restart and shares them with a second server', async () => {
    const router = { secondMs: SECOND_MS, closeGraceMs: 200, refreshMs: 100 };
    const first = await startTestServer({ dataDir, buildConcurrency: 0, router });
    const elb = elbClient(first);
    const setUp = async (): Promise<{ port: number; listenerArn: string; blueGroup: string; greenGroup: string }> => {
      const [blueGroup, greenGroup] = await Promise.all([createGroup(elb, [blue]), createGroup(elb, [green])]);
      const { port, listenerArn } = await createListener(elb, [{ arn: blueGroup, weight: 1 }, { arn: greenGroup, weight: 0 }]);
      await waitForHealth(elb, blueGroup, 'healthy', 1);
      assert.equal((await send(port)).json?.name, 'blue');
      return { port, listenerArn, blueGroup, greenGroup };
    };
    const { port, listenerArn, blueGroup, greenGroup } = await setUp().finally(async () => {
      elb.destroy();
      await first.close();
    });
    assert.equal(await nameAt('127.0.0.1', port), 'ECONNREFUSED', 'the listener closed with its server');

    const restarted = await startTestServer({ dataDir, buildConcurrency: 0, router });
    const second = await startTestServer({ dataDir, buildConcurrency: 0, routerHost: '127.0.0.2', router });
    const elbAgain = elbClient(restarted);
    try {
      // Before its first check blue is `initial`: the group fails open and serves anyway.
      assert.equal(await nameAt('127.0.0.1', port), 'blue');
      assert.equal(await nameAt('127.0.0.2', port), 'blue');
      await elbAgain.send(new ModifyListenerCommand({
        ListenerArn: listenerArn,
        DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blueGroup, Weight: 0 }, { TargetGroupArn: greenGroup, Weight: 1 }] } }],
      }));
      assert.equal(await nameAt('127.0.0.1', port), 'green', 'in effect on the server that took the call');
      await waitFor('the second server to follow the weight change', async () => ((await nameAt('127.0.0.2', port)) === 'green' ? true : undefined));
    } finally {
      elbAgain.destroy();
      await second.close();
      await restarted.close();
    }
  });
});
