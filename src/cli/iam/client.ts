/**
 * The IAM client of `sluice iam …` commands: one per command, against `--endpoint-url`, with the
 * errors of the call reported in one line (see `callApi`).
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { callApi, clientConfig, type ConnectionFlags } from '../api/connection.ts';
import { makePrinter, type OutputFormat, type Printer } from '../api/output.ts';

export type IamFlags = ConnectionFlags & { output: OutputFormat };

/** Runs `body` with an IAM client and a printer for `--output`. */
export async function withIam<F extends IamFlags>(flags: F, body: (iam: IAMClient, print: Printer) => Promise<void>): Promise<void> {
  const iam = new IAMClient(await clientConfig(flags));
  try {
    await callApi(flags.endpointUrl, () => body(iam, makePrinter(flags.output)));
  } finally {
    iam.destroy();
  }
}
