/**
 * What `sluice build` prints: a header when a phase starts, the build's log lines under it, a
 * mark and duration when it ends, then a summary of every phase and the build's status. Colours
 * only when the stream is a TTY and NO_COLOR is unset (styleText checks both).
 */
import { styleText } from 'node:util';
import type { BuildOutcome, BuildPhase } from '../../runner/build/contract.ts';
import { formatDuration } from '../run/progress.ts';

type Style = Parameters<typeof styleText>[0];

// The phases a user cares about as they run; the others show in the summary only.
const HEADED = new Set(['DOWNLOAD_SOURCE', 'INSTALL', 'PRE_BUILD', 'BUILD', 'POST_BUILD', 'UPLOAD_ARTIFACTS']);

export class BuildProgress {
  private readonly out: NodeJS.WriteStream;
  private readonly seen = new Map<string, string | undefined>();

  constructor(out: NodeJS.WriteStream) {
    this.out = out;
  }

  private style(format: Style, text: string): string {
    return styleText(format, text, { stream: this.out });
  }

  /** Called with the whole phase list on every change. */
  onPhases(phases: readonly BuildPhase[]): void {
    for (const phase of phases) {
      if (!HEADED.has(phase.phaseType)) continue;
      const known = this.seen.has(phase.phaseType);
      if (!known) {
        this.seen.set(phase.phaseType, undefined);
        this.out.write(`${this.style('bold', `▶ ${phase.phaseType}`)}\n`);
      }
      if (phase.phaseStatus !== undefined && this.seen.get(phase.phaseType) === undefined) {
        this.seen.set(phase.phaseType, phase.phaseStatus);
        this.out.write(`${this.endLine(phase)}\n`);
      }
    }
  }

  onLog(line: string): void {
    this.out.write(line.startsWith('[Container]') ? `${this.style('dim', line)}\n` : `${line}\n`);
  }

  private mark(status: string | undefined): string {
    if (status === 'SUCCEEDED') return this.style('green', '✔');
    return this.style(status === 'FAILED' || status === 'FAULT' ? 'red' : 'yellow', '✖');
  }

  private endLine(phase: BuildPhase): string {
    const took = phase.endTime === undefined ? '' : ` ${this.style('dim', formatDuration(phase.endTime - phase.startTime))}`;
    const why = phase.contexts.map((c) => `\n  ${this.style('red', `${c.statusCode}: ${c.message}`)}`).join('');
    return `${this.mark(phase.phaseStatus)} ${phase.phaseType} ${phase.phaseStatus?.toLowerCase() ?? ''}${took}${why}`;
  }

  summary(outcome: BuildOutcome, artifacts: readonly string[]): void {
    this.out.write(`\n${this.style('bold', 'Phases')}\n`);
    const width = Math.max(...outcome.phases.map((p) => p.phaseType.length));
    for (const phase of outcome.phases) {
      if (phase.phaseType === 'COMPLETED') continue;
      const took = phase.endTime === undefined ? '' : formatDuration(phase.endTime - phase.startTime);
      this.out.write(`  ${this.mark(phase.phaseStatus)} ${phase.phaseType.padEnd(width)}  ${(phase.phaseStatus ?? '').padEnd(9)}  ${this.style('dim', took)}\n`);
    }
    for (const [name, value] of Object.entries(outcome.exportedVariables)) this.out.write(`  exported ${name}=${value}\n`);
    for (const location of artifacts) this.out.write(`  artifact ${location}\n`);
    for (const report of outcome.reports) {
      const failed = report.testCases.filter((c) => c.status === 'FAILED' || c.status === 'ERROR').length;
      this.out.write(`  report ${report.group}: ${report.testCases.length} test case(s), ${failed} failed${report.problems.map((p) => `; ${p}`).join('')}\n`);
    }
    const ok = outcome.status === 'SUCCEEDED';
    const text = `Build ${outcome.status.toLowerCase()}`;
    this.out.write(`${this.mark(outcome.status)} ${this.style(ok ? 'green' : 'red', this.style('bold', text))}\n`);
  }
}
