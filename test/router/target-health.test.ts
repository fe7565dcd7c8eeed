/**
 * The target health calculator, check by check, as ELB moves a target between `initial`,
 * `healthy` and `unhealthy`; and the success-code matcher.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesHttpCode, parseHttpCodes } from '../../src/router/http-codes.ts';
import { calcTargetHealth, REGISTERING, type CheckResult, type MeasuredHealth } from '../../src/router/target-health.ts';

const PASS: CheckResult = { ok: true };
const MISMATCH: CheckResult = { ok: false, reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [500]' };
const thresholds = { healthyThreshold: 3, unhealthyThreshold: 2 };
const run = (results: CheckResult[], from: MeasuredHealth = REGISTERING): MeasuredHealth => results.reduce((h, r) => calcTargetHealth(h, r, thresholds), from);

describe('calcTargetHealth', () => {
  const cases: { name: string; results: CheckResult[]; want: Partial<MeasuredHealth> }[] = [
    { name: 'one pass makes a new target healthy', results: [PASS], want: { state: 'healthy', reason: undefined } },
    { name: 'a failure keeps a new target initial, checking', results: [MISMATCH], want: { state: 'initial', reason: 'Elb.InitialHealthChecking' } },
    { name: 'unhealthy threshold failures make a new target unhealthy', results: [MISMATCH, MISMATCH], want: { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' } },
    { name: 'a single failure keeps a healthy target healthy', results: [PASS, MISMATCH], want: { state: 'healthy', failures: 1 } },
    { name: 'a pass resets the failure streak', results: [PASS, MISMATCH, PASS, MISMATCH], want: { state: 'healthy', failures: 1 } },
    { name: 'unhealthy threshold failures make a healthy target unhealthy', results: [PASS, MISMATCH, MISMATCH], want: { state: 'unhealthy' } },
    { name: 'fewer passes than the healthy threshold keep it unhealthy', results: [PASS, MISMATCH, MISMATCH, PASS, PASS], want: { state: 'unhealthy', passes: 2 } },
    { name: 'healthy threshold passes make it healthy again', results: [PASS, MISMATCH, MISMATCH, PASS, PASS, PASS], want: { state: 'healthy', reason: undefined } },
  ];
  for (const { name, results, want } of cases) {
    it(name, () => {
      const got = run(results);
      for (const [key, value] of Object.entries(want)) assert.equal(got[key as keyof MeasuredHealth], value, key);
    });
  }
});

describe('HTTP code matcher', () => {
  it('accepts codes and ranges between 200 and 499 and matches them', () => {
    assert.deepEqual(parseHttpCodes('200,202-204'), [[200, 200], [202, 204]]);
    assert.equal(matchesHttpCode('200,202-204', 203), true);
    assert.equal(matchesHttpCode('200,202-204', 201), false);
    for (const bad of ['', '199', '500', '200-', '204-200', 'ok', '200,,201']) assert.equal(parseHttpCodes(bad), undefined, bad);
  });
});
