/**
 * The phase transition table of the buildspec reference (§4), case by case.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildStatusOf, durationInSeconds, shouldRunPhase, type PhaseEnd, type RunnerPhase } from '../../src/runner/build/phases.ts';

const ok = (phase: PhaseEnd['phase']): PhaseEnd => ({ phase, status: 'SUCCEEDED' });
const failed = (phase: PhaseEnd['phase'], continueOnFailure = false): PhaseEnd => ({ phase, status: 'FAILED', continueOnFailure });

const LATER: RunnerPhase[] = ['INSTALL', 'PRE_BUILD', 'BUILD', 'POST_BUILD', 'UPLOAD_ARTIFACTS'];

const table: { name: string; before: PhaseEnd[]; runs: RunnerPhase[]; skipped: RunnerPhase[]; status: string }[] = [
  { name: 'all succeeded', before: [ok('DOWNLOAD_SOURCE'), ok('INSTALL'), ok('PRE_BUILD'), ok('BUILD'), ok('POST_BUILD')], runs: ['UPLOAD_ARTIFACTS'], skipped: [], status: 'SUCCEEDED' },
  { name: 'DOWNLOAD_SOURCE failed', before: [failed('DOWNLOAD_SOURCE')], runs: [], skipped: LATER, status: 'FAILED' },
  { name: 'DOWNLOAD_SOURCE failed, CONTINUE means nothing there', before: [failed('DOWNLOAD_SOURCE', true)], runs: [], skipped: LATER, status: 'FAILED' },
  { name: 'INSTALL failed', before: [ok('DOWNLOAD_SOURCE'), failed('INSTALL')], runs: [], skipped: ['PRE_BUILD', 'BUILD', 'POST_BUILD', 'UPLOAD_ARTIFACTS'], status: 'FAILED' },
  { name: 'INSTALL failed with on-failure CONTINUE', before: [ok('DOWNLOAD_SOURCE'), failed('INSTALL', true)], runs: ['PRE_BUILD', 'BUILD', 'POST_BUILD', 'UPLOAD_ARTIFACTS'], skipped: [], status: 'FAILED' },
  { name: 'PRE_BUILD failed', before: [ok('DOWNLOAD_SOURCE'), ok('INSTALL'), failed('PRE_BUILD')], runs: [], skipped: ['BUILD', 'POST_BUILD', 'UPLOAD_ARTIFACTS'], status: 'FAILED' },
  { name: 'BUILD failed: post_build runs, artifacts attempted', before: [ok('DOWNLOAD_SOURCE'), ok('INSTALL'), ok('PRE_BUILD'), failed('BUILD')], runs: ['POST_BUILD', 'UPLOAD_ARTIFACTS'], skipped: [], status: 'FAILED' },
  { name: 'POST_BUILD failed: artifacts attempted', before: [ok('DOWNLOAD_SOURCE'), ok('INSTALL'), ok('PRE_BUILD'), ok('BUILD'), failed('POST_BUILD')], runs: ['UPLOAD_ARTIFACTS'], skipped: [], status: 'FAILED' },
  { name: 'stopped in BUILD', before: [ok('DOWNLOAD_SOURCE'), ok('INSTALL'), ok('PRE_BUILD'), { phase: 'BUILD', status: 'STOPPED' }], runs: [], skipped: ['POST_BUILD', 'UPLOAD_ARTIFACTS'], status: 'STOPPED' },
  { name: 'timed out in INSTALL after a continued failure', before: [ok('DOWNLOAD_SOURCE'), failed('INSTALL', true), { phase: 'PRE_BUILD', status: 'TIMED_OUT' }], runs: [], skipped: ['BUILD', 'POST_BUILD', 'UPLOAD_ARTIFACTS'], status: 'TIMED_OUT' },
  { name: 'a fault blocks the rest', before: [ok('DOWNLOAD_SOURCE'), { phase: 'INSTALL', status: 'FAULT', continueOnFailure: true }], runs: [], skipped: ['PRE_BUILD', 'BUILD'], status: 'FAULT' },
];

describe('phase transitions', () => {
  for (const row of table) {
    it(row.name, () => {
      for (const phase of row.runs) assert.equal(shouldRunPhase(phase, row.before), true, `${phase} runs`);
      for (const phase of row.skipped) assert.equal(shouldRunPhase(phase, row.before), false, `${phase} is skipped`);
      assert.equal(buildStatusOf(row.before), row.status);
    });
  }

  it('DOWNLOAD_SOURCE always runs first', () => {
    assert.equal(shouldRunPhase('DOWNLOAD_SOURCE', []), true);
    assert.equal(buildStatusOf([]), 'SUCCEEDED');
  });

  it('durations are whole seconds, rounded, never negative', () => {
    assert.equal(durationInSeconds(1000, 2499), 1);
    assert.equal(durationInSeconds(1000, 2500), 2);
    assert.equal(durationInSeconds(2000, 1000), 0);
  });
});
