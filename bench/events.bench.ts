/**
 * Event pattern matching throughput: every event of a realistic stream (CodePipeline execution,
 * stage and action state changes, CodeCommit pushes, CodeBuild state changes) is matched against
 * 1,000 compiled rules of mixed shape (source and detail-type filters, state lists, prefixes,
 * anything-but, numeric ranges, wildcards, $or), as an event bus with 1,000 rules would do.
 *
 * Prints:
 *   BENCH events.match_per_s          events/s through the bus's rule index (source and detail-type
 *                                     index, compiled patterns) over 1,000 rules
 *   BENCH events.scan_per_s           baseline: every event matched against all 1,000 compiled rules
 *   BENCH events.baseline_per_s       baseline: the same loop with 1,000 always-true matchers
 *   BENCH events.stringify_per_s      baseline: JSON.stringify of each event
 *   BENCH events.match_vs_baseline    match_per_s ÷ baseline_per_s
 *   BENCH events.rules_matched_per_event  how many rules an event selects on average (sanity)
 */
import { compileEventPattern, type CompiledPattern } from '../src/model/events/pattern.ts';
import { report } from './lib/report.ts';
import { RuleIndex } from '../src/services/event-matcher.ts';
import type { BusEvent } from '../src/model/events/envelope.ts';

const RULES = 1000;
const DURATION_MS = 2000;

const STATES = ['STARTED', 'SUCCEEDED', 'FAILED', 'CANCELED', 'STOPPED', 'SUPERSEDED'];
const KINDS = ['Pipeline', 'Stage', 'Action'];

function pipelineEvent(i: number): object {
  const kind = KINDS[i % 3] as string;
  const pipeline = `${i % 7 === 0 ? 'sandbox-' : ''}app-${i % 50}`;
  return {
    version: '0', id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    'detail-type': `CodePipeline ${kind} Execution State Change`, source: 'aws.codepipeline',
    account: '123456789012', time: `2024-05-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z`, region: 'us-east-1',
    resources: [`arn:aws:codepipeline:us-east-1:123456789012:${pipeline}`],
    detail: { pipeline, 'execution-id': `exec-${i}`, state: STATES[i % STATES.length], version: i % 12,
      ...(kind !== 'Pipeline' && { stage: ['Source', 'Build', 'Deploy'][i % 3] }),
      ...(kind === 'Action' && { action: `act-${i % 4}`, type: { owner: 'AWS', category: 'Build', provider: 'CodeBuild', version: '1' } }) },
  };
}

function pushEvent(i: number): object {
  return {
    version: '0', id: `push-${i}`, 'detail-type': 'CodeCommit Repository State Change', source: 'aws.codecommit',
    account: '123456789012', time: '2024-05-01T10:00:00Z', region: 'us-east-1',
    resources: [`arn:aws:codecommit:us-east-1:123456789012:repo-${i % 40}`],
    detail: { event: i % 5 === 0 ? 'referenceCreated' : 'referenceUpdated', repositoryName: `repo-${i % 40}`,
      referenceType: i % 9 === 0 ? 'tag' : 'branch', referenceName: i % 3 === 0 ? 'main' : `feature/x-${i}`, commitId: `c${i}` },
  };
}

function buildEvent(i: number): object {
  return {
    version: '0', id: `build-${i}`, 'detail-type': 'CodeBuild Build State Change', source: 'aws.codebuild',
    account: '123456789012', time: '2024-05-01T10:00:00Z', region: 'us-east-1', resources: [],
    detail: { 'build-status': ['IN_PROGRESS', 'SUCCEEDED', 'FAILED'][i % 3], 'project-name': `project-${i % 30}`,
      'additional-information': { 'build-complete': i % 2 === 0, 'queued-timeout-in-minutes': 480 } },
  };
}

/** Ten rule shapes in rotation, each parameterised by `i` so the rules differ. */
function rulePattern(i: number): object {
  const pipeline = `app-${i % 50}`;
  switch (i % 10) {
    case 0: return { source: ['aws.codepipeline'], 'detail-type': ['CodePipeline Pipeline Execution State Change'], detail: { state: ['FAILED', 'CANCELED'], pipeline: [pipeline] } };
    case 1: return { source: ['aws.codepipeline'], detail: { state: ['FAILED'], pipeline: [{ 'anything-but': { prefix: 'sandbox-' } }] } };
    case 2: return { source: ['aws.codepipeline'], 'detail-type': ['CodePipeline Stage Execution State Change'], detail: { stage: ['Deploy'], state: ['SUCCEEDED'], version: [{ numeric: ['>=', i % 12] }] } };
    case 3: return { source: ['aws.codecommit'], 'detail-type': ['CodeCommit Repository State Change'], resources: [`arn:aws:codecommit:us-east-1:123456789012:repo-${i % 40}`], detail: { event: ['referenceCreated', 'referenceUpdated'], referenceType: ['branch'], referenceName: ['main'] } };
    case 4: return { source: ['aws.codecommit'], detail: { referenceName: [{ prefix: 'feature/' }], repositoryName: [`repo-${i % 40}`] } };
    case 5: return { source: ['aws.codebuild'], detail: { 'build-status': ['FAILED'], 'project-name': [{ 'anything-but': [`project-${i % 30}`, 'project-0'] }] } };
    case 6: return { source: ['aws.codepipeline'], time: [{ prefix: `2024-05-${String((i % 28) + 1).padStart(2, '0')}` }], detail: { state: [{ 'anything-but': 'STARTED' }] } };
    case 7: return { source: ['aws.codepipeline'], detail: { action: [{ exists: true }], type: { provider: ['CodeBuild'] }, state: ['FAILED', 'SUCCEEDED'] } };
    case 8: return { $or: [{ source: ['aws.codebuild'], detail: { 'build-status': ['SUCCEEDED'] } }, { source: ['aws.codepipeline'], detail: { pipeline: [{ wildcard: `app-${i % 5}*` }] } }] };
    default: return { source: ['aws.codebuild'], detail: { 'additional-information': { 'queued-timeout-in-minutes': [{ numeric: ['>', 60, '<=', 480] }] } } };
  }
}

function events(): object[] {
  const out: object[] = [];
  for (let i = 0; i < 600; i++) out.push(i % 3 === 0 ? pushEvent(i) : i % 3 === 1 ? pipelineEvent(i) : buildEvent(i));
  return out;
}

/** Events per second for `perEvent` over the stream, for about DURATION_MS. */
function eventsPerSecond(stream: readonly object[], perEvent: (event: object) => void): number {
  for (const e of stream) perEvent(e); // warm up
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < DURATION_MS) {
    for (const e of stream) perEvent(e);
    count += stream.length;
    now = performance.now();
  }
  return count / ((now - start) / 1000);
}

const rules: CompiledPattern[] = Array.from({ length: RULES }, (_, i) => compileEventPattern(rulePattern(i)));
const alwaysTrue: CompiledPattern[] = Array.from({ length: RULES }, () => ({ matches: (e: unknown) => e !== undefined }));
const stream = events();

let matched = 0;
let sink = 0;
const index = new RuleIndex();
index.load(Array.from({ length: RULES }, (_, i) => ({ name: `rule-${i}`, version: 1, eventPattern: JSON.stringify(rulePattern(i)), targets: [] })));
const matchPerS = eventsPerSecond(stream, (e) => { matched += index.match(e as BusEvent).length; });
const scanPerS = eventsPerSecond(stream, (e) => { for (const r of rules) if (r.matches(e)) matched++; });
const baselinePerS = eventsPerSecond(stream, (e) => { for (const r of alwaysTrue) if (r.matches(e)) sink++; });
const stringifyPerS = eventsPerSecond(stream, (e) => { sink += JSON.stringify(e).length; });

let perEventMatches = 0;
let indexedMatches = 0;
for (const e of stream) for (const r of rules) if (r.matches(e)) perEventMatches++;
for (const e of stream) indexedMatches += index.match(e as BusEvent).length;
if (indexedMatches !== perEventMatches) throw new Error(`the index selects ${indexedMatches} rules, a full scan ${perEventMatches}`);

report('events.match_per_s', matchPerS, 'events/s');
report('events.scan_per_s', scanPerS, 'events/s');
report('events.baseline_per_s', baselinePerS, 'events/s');
report('events.stringify_per_s', stringifyPerS, 'events/s');
report('events.match_vs_baseline', matchPerS / baselinePerS, 'ratio');
report('events.rules_matched_per_event', perEventMatches / stream.length, 'rules');
if (matched + sink < 0) console.log('unreachable: keeps the loops from being optimised away');
