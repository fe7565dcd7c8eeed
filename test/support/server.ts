/**
 * A real Sluice server for tests: a temporary data directory, a free loopback port, the admin
 * credentials it created, and ready-made clients (the AWS SDK client, and the environment for the
 * `aws` CLI and boto3).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { silentLogger } from '../../src/logging.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/server.ts';

export interface TestServer {
  url: string;
  dataDir: string;
  server: RunningServer;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** A CodePipeline client signed with the admin key (or the given one). */
  codepipeline(credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): CodePipelineClient;
  /** Environment for the `aws` CLI / boto3 with the admin key. */
  awsEnv(): Record<string, string>;
  close(): Promise<void>;
}

export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? await mkdtemp(join(tmpdir(), 'sluice-server-'));
  const server = await startServer({
    host: '127.0.0.1', port: 0, dataDir, accountId: '000000000000', region: 'us-east-1', logger: silentLogger, ...options,
  });
  const credentials = { accessKeyId: server.admin.accessKeyId, secretAccessKey: server.admin.secretAccessKey };
  const clients: CodePipelineClient[] = [];
  return {
    url: server.url, dataDir, server, credentials,
    codepipeline(other = credentials) {
      const client = new CodePipelineClient({ endpoint: server.url, region: 'us-east-1', credentials: other, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    awsEnv() {
      return {
        ...process.env as Record<string, string>,
        AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'credentials'), AWS_CONFIG_FILE: join(dataDir, 'config'),
        AWS_ENDPOINT_URL: server.url, AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1',
      };
    },
    async close() {
      for (const client of clients) client.destroy();
      await server.close();
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
