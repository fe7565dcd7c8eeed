/**
 * `sluice server`: starts the server, prints where it listens and how to use the admin
 * credentials with the `aws` CLI, and drains on SIGTERM or SIGINT (a second signal forces exit).
 */
import { resolve } from 'node:path';
import { styleText } from 'node:util';
import { createLogger, type LogLevel } from '../../logging.ts';
import { startServer } from '../../server/server.ts';

export interface ServerCommandOptions {
  host: string;
  port: number;
  dataDir: string;
  accountId: string;
  region: string;
  logLevel: LogLevel;
  /** On SIGTERM, how long /health says "not ready" before the port closes. @default 0 */
  drainDelayMs?: number;
  /** Builds run at once. @default the number of cores */
  buildConcurrency?: number;
  /** How often polled sources and connection repositories without webhooks are checked, ms; 0 disables polling. @default 60000 */
  pollIntervalMs?: number;
  /** The address the traffic router's listeners bind. @default '127.0.0.1' */
  routerHost?: string;
}

export async function runServer(options: ServerCommandOptions, out: NodeJS.WriteStream): Promise<number> {
  const dataDir = resolve(options.dataDir);
  const server = await startServer({
    host: options.host, port: options.port, dataDir, accountId: options.accountId, region: options.region,
    logger: createLogger(options.logLevel),
    ...(options.drainDelayMs !== undefined && { drainDelayMs: options.drainDelayMs }),
    ...(options.buildConcurrency !== undefined && { buildConcurrency: options.buildConcurrency }),
    ...(options.pollIntervalMs !== undefined && { sourcePollIntervalMs: options.pollIntervalMs, gitPollIntervalMs: options.pollIntervalMs }),
    ...(options.routerHost !== undefined && { routerHost: options.routerHost }),
  });
  out.write(`Sluice listening on ${server.url}\n`);
  out.write(`Web console: ${server.url}/ (sign in with an access key, or a password set by sluice iam create-login-profile)\n`);
  if (server.admin.created) {
    out.write(styleText('dim', [
      `Created the admin user and key in ${dataDir}/credentials. Use them with the aws CLI:`,
      `  export AWS_SHARED_CREDENTIALS_FILE=${dataDir}/credentials AWS_CONFIG_FILE=${dataDir}/config`,
      `  aws --endpoint-url ${server.url} codepipeline list-pipelines`,
      '',
    ].join('\n'), { stream: out }));
  }
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.once('SIGTERM', () => process.exit(1));
      process.once('SIGINT', () => process.exit(1));
      done();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await server.close();
  return 0;
}
