/**
 * `sluice connections complete <arn> --url <base URL> (--token T | --username U --password P |
 * --ssh-key FILE) [--webhook-secret S]`: gives a PENDING connection its git access, which makes it
 * AVAILABLE (AWS does this in a browser handshake with the provider). Prints the URL to give the
 * provider for webhooks. Secrets may come from SLUICE_GIT_TOKEN, SLUICE_GIT_PASSWORD and
 * SLUICE_WEBHOOK_SECRET instead of flags, so they stay out of the shell history and `ps`.
 */
import { readFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { callApi, clientConfig, type ConnectionFlags, reportingUsage, withConnection } from '../api/connection.ts';
import { makePrinter, type OutputFormat } from '../api/output.ts';
import { callConnections } from './signed-call.ts';

interface CompleteFlags extends ConnectionFlags {
  output: OutputFormat;
  url: string;
  token?: string;
  username?: string;
  password?: string;
  sshKey?: string;
  webhookSecret?: string;
  dryRun?: boolean;
}

const HIDDEN = '***';

export function registerComplete(connections: Command): void {
  withConnection(connections.command('complete').description('Give a connection its git access (URL and credential); it becomes AVAILABLE'))
    .argument('<connection-arn>', 'the connection, as CreateConnection answered it')
    .requiredOption('--url <url>', 'base URL of the git server: https://github.com, https://gitlab.example.com, ssh://git@host, file:///srv/git')
    .addOption(new Option('--token <token>', 'access token (https)').env('SLUICE_GIT_TOKEN'))
    .option('--username <name>', 'user name (with --password, or instead of the provider\'s token user)')
    .addOption(new Option('--password <password>', 'password (https)').env('SLUICE_GIT_PASSWORD'))
    .option('--ssh-key <file>', 'private key file (ssh:// URLs)')
    .addOption(new Option('--webhook-secret <secret>', 'secret the provider signs webhook deliveries with; without one the repositories are polled').env('SLUICE_WEBHOOK_SECRET'))
    .option('--dry-run', 'print the request (secrets hidden) instead of sending it')
    .action((arn: string, flags: CompleteFlags, command: Command) => reportingUsage(command, async () => {
      const given = [flags.token, flags.password, flags.sshKey].filter((v) => v !== undefined).length;
      if (given > 1) throw new InvalidArgumentError('give one of --token, --password or --ssh-key');
      const sshPrivateKey = flags.sshKey === undefined ? undefined : await readFile(flags.sshKey, 'utf8');
      const input = {
        ConnectionArn: arn, Url: flags.url,
        ...(flags.token !== undefined && { Token: flags.token }), ...(flags.username !== undefined && { Username: flags.username }),
        ...(flags.password !== undefined && { Password: flags.password }), ...(sshPrivateKey !== undefined && { SshPrivateKey: sshPrivateKey }),
        ...(flags.webhookSecret !== undefined && { WebhookSecret: flags.webhookSecret }),
      };
      const print = makePrinter(flags.output);
      if (flags.dryRun) {
        const shown = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, ['Token', 'Password', 'SshPrivateKey', 'WebhookSecret'].includes(k) ? HIDDEN : v]));
        return print.json({ UpdateConnectionCredentials: shown });
      }
      const config = await clientConfig(flags);
      const answer = await callApi(flags.endpointUrl, () => callConnections(config, 'UpdateConnectionCredentials', input));
      if (print.format === 'json') return print.json(answer);
      print.table([answer], [
        { header: 'ConnectionArn', value: (a) => String(a.ConnectionArn) },
        { header: 'Status', value: (a) => String(a.ConnectionStatus), style: (v) => (v === 'AVAILABLE' ? 'green' : 'yellow') },
      ]);
      print.note(flags.webhookSecret === undefined
        ? 'No webhook secret: Sluice polls the repositories this connection\'s pipelines watch.'
        : `Webhook URL for the provider (content type application/json, same secret): ${String(answer.WebhookUrl)}`);
    }));
}
