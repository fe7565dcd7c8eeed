/**
 * Answers Manual approvals during a local run: automatically (`--approve all|none`), or by asking
 * at the terminal, one question at a time.
 */
import { createInterface } from 'node:readline/promises';

export type ApprovalPolicy = 'all' | 'none' | 'ask';

export interface ApprovalQuestion { stageName: string; actionName: string; customData?: string }
export interface ApprovalAnswer { status: 'Approved' | 'Rejected'; summary: string }

export class ApprovalDesk {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly policy: ApprovalPolicy;
  private readonly input: NodeJS.ReadStream;
  private readonly output: NodeJS.WriteStream;

  constructor(policy: ApprovalPolicy, input: NodeJS.ReadStream, output: NodeJS.WriteStream) {
    this.policy = policy;
    this.input = input;
    this.output = output;
  }

  answer(question: ApprovalQuestion): Promise<ApprovalAnswer> {
    if (this.policy === 'all') return Promise.resolve({ status: 'Approved', summary: 'Approved by sluice run --approve all' });
    if (this.policy === 'none') return Promise.resolve({ status: 'Rejected', summary: 'Rejected by sluice run --approve none' });
    if (!this.input.isTTY) {
      return Promise.resolve({ status: 'Rejected', summary: 'No terminal to ask for approval; pass --approve all or --approve none' });
    }
    const next = this.queue.then(() => this.ask(question));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async ask(question: ApprovalQuestion): Promise<ApprovalAnswer> {
    const rl = createInterface({ input: this.input, output: this.output });
    try {
      const about = question.customData ? ` (${question.customData})` : '';
      const reply = (await rl.question(`    ? Approve ${question.stageName}/${question.actionName}${about}? [y/N] `)).trim();
      const approved = /^y(es)?$/i.test(reply);
      return { status: approved ? 'Approved' : 'Rejected', summary: `${approved ? 'Approved' : 'Rejected'} at the terminal` };
    } finally {
      rl.close();
    }
  }
}
