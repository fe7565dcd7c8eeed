/**
 * Live progress of a local run in the terminal: one line per stage and action state change, the
 * actions' log lines indented under them, and durations. Colours only when the stream is a TTY
 * and NO_COLOR is unset (styleText checks both).
 */
import { styleText } from 'node:util';
import type { PipelineEvent } from '../../engine/pipeline-events.ts';

type Style = Parameters<typeof styleText>[0];

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

export class ProgressPrinter {
  private readonly out: NodeJS.WriteStream;
  private readonly startedAt = new Map<string, number>();
  private readonly now: () => number;

  constructor(out: NodeJS.WriteStream, now: () => number = Date.now) {
    this.out = out;
    this.now = now;
  }

  private style(format: Style, text: string): string {
    return styleText(format, text, { stream: this.out });
  }

  private line(text: string): void {
    this.out.write(`${text}\n`);
  }

  private elapsed(key: string): string {
    const start = this.startedAt.get(key);
    return start === undefined ? '' : this.style('dim', formatDuration(this.now() - start));
  }

  onEvent(event: PipelineEvent): void {
    const d = event.detail;
    const id = d['execution-id'].slice(0, 8);
    if (d.action !== undefined) return this.onAction(event);
    if (d.stage !== undefined) {
      const key = `${d['execution-id']}/${d.stage}`;
      if (d.state === 'STARTED') {
        this.startedAt.set(key, this.now());
        return this.line(this.style('bold', `● ${d.stage}`));
      }
      if (d.state === 'RESUMED') return this.line(this.style('bold', `● ${d.stage} (retry)`));
      if (d.state === 'SUCCEEDED') return;
      return this.line(this.style(d.state === 'FAILED' ? 'red' : 'yellow', `  ${d.stage} ${d.state.toLowerCase()}`));
    }
    if (d.state === 'STARTED') {
      this.startedAt.set(d['execution-id'], this.now());
      const trigger = d['execution-trigger']?.['trigger-type'] ?? 'unknown';
      return this.line(`${this.style('cyan', '▶')} ${this.style('bold', d.pipeline)} ${this.style('dim', `execution ${id} · version ${d.version} · ${trigger}`)}`);
    }
    const ok = d.state === 'SUCCEEDED';
    const mark = ok ? this.style('green', '✔') : this.style(d.state === 'FAILED' ? 'red' : 'yellow', '✖');
    const reason = d['stop-execution-comments'] !== undefined ? ` (${d['stop-execution-comments']})` : '';
    this.line(`${mark} ${this.style('bold', `Execution ${d.state.toLowerCase()}`)}${reason} ${this.elapsed(d['execution-id'])}`);
  }

  private onAction(event: PipelineEvent): void {
    const d = event.detail;
    const key = `${d['execution-id']}/${d.stage}/${d.action}`;
    const type = d.type ? `${d.type.category}/${d.type.provider}` : '';
    const result = d['execution-result'];
    const note = result?.['external-execution-summary'] ?? result?.['error-code'] ?? '';
    switch (d.state) {
      case 'STARTED':
        this.startedAt.set(key, this.now());
        return this.line(`  ${this.style('cyan', '▸')} ${d.action} ${this.style('dim', type)}`);
      case 'SUCCEEDED':
        return this.line(`  ${this.style('green', '✔')} ${d.action} ${this.elapsed(key)} ${this.style('dim', note)}`.trimEnd());
      case 'FAILED':
        return this.line(`  ${this.style('red', '✖')} ${d.action} ${this.elapsed(key)} ${this.style('red', note)}`.trimEnd());
      default:
        return this.line(`  ${this.style('yellow', '⊘')} ${d.action} ${d.state.toLowerCase()} ${this.elapsed(key)}`.trimEnd());
    }
  }

  onLog(actionName: string, text: string): void {
    this.line(`    ${this.style('dim', `│ ${actionName} │`)} ${text}`);
  }

  note(text: string): void {
    this.line(`    ${this.style('magenta', text)}`);
  }
}
