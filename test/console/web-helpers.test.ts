/**
 * The console's pure helpers, table-driven: ANSI escapes to styled segments (never markup),
 * the line diff shown before saving a pipeline, locating a validation path in JSON text, routes,
 * and live events applied to the pipeline state on screen.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAnsi, stripAnsi } from '../../web/src/lib/ansi.ts';
import { diffLines } from '../../web/src/lib/diff.ts';
import { indexJsonPositions, lineOfPath, memberPathInMessage, segmentsOfMemberPath } from '../../web/src/lib/json-locate.ts';
import { hrefOf, parseRoute, type Route } from '../../web/src/lib/routes.ts';
import type { BusEvent } from '../../web/src/api/bus-event.ts';
import type { GetPipelineStateOutput } from '../../web/src/api/wire.ts';
import { applyEvent } from '../../web/src/pipeline/apply-event.ts';

test('ANSI colors, bold and resets become styled segments; other escapes vanish', () => {
  const cases = [
    { input: 'plain', want: [{ text: 'plain', style: {} }] },
    { input: '\x1b[31mred\x1b[0m ok', want: [{ text: 'red', style: { fg: 'red' } }, { text: ' ok', style: {} }] },
    { input: '\x1b[1;92mPASS\x1b[22m x', want: [{ text: 'PASS', style: { bold: true, fg: 'bright-green' } }, { text: ' x', style: { fg: 'bright-green' } }] },
    { input: '\x1b[38;5;196mhot\x1b[39m', want: [{ text: 'hot', style: { fg: 'rgb(255,0,0)' } }] },
    { input: '\x1b[48;2;1;2;3mbg\x1b[m', want: [{ text: 'bg', style: { bg: 'rgb(1,2,3)' } }] },
    { input: '\x1b[2K\x1b]0;title\x07line', want: [{ text: 'line', style: {} }] },
    { input: '<b>&amp;</b>', want: [{ text: '<b>&amp;</b>', style: {} }] },
  ];
  for (const { input, want } of cases) assert.deepEqual(parseAnsi(input).segments, want, JSON.stringify(input));
});

test('a color left open carries to the next line, as in a terminal', () => {
  const first = parseAnsi('\x1b[33mwarn: ');
  assert.deepEqual(parseAnsi('still yellow', first.style).segments, [{ text: 'still yellow', style: { fg: 'yellow' } }]);
  assert.equal(stripAnsi('\x1b[1m\x1b[31merror\x1b[0m: x'), 'error: x');
});

test('the diff keeps common lines and marks removed and added ones in order', () => {
  const cases = [
    { before: 'a\nb\nc', after: 'a\nb\nc', want: '  a|  b|  c' },
    { before: 'a\nb\nc', after: 'a\nB\nc', want: '  a|- b|+ B|  c' },
    { before: 'a\nc', after: 'a\nb\nc', want: '  a|+ b|  c' },
    { before: 'x\ny', after: '', want: '- x|- y|+ ' },
  ];
  for (const { before, after, want } of cases) {
    const got = diffLines(before, after).map((l) => `${l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' '} ${l.text}`).join('|');
    assert.equal(got, want);
  }
});

test('an AWS member path finds the line of its field, or of the nearest parent that exists', () => {
  const text = JSON.stringify({ name: 'p', stages: [{ name: 'Source', actions: [] }, { name: 'Build', actions: [{ name: 'bad name', runOrder: 1 }] }] }, null, 2);
  const positions = indexJsonPositions(text);
  assert.ok(positions);
  const lineOf = (path: string) => lineOfPath(text, positions, segmentsOfMemberPath(path));
  const lines = text.split('\n');
  assert.match(lines[(lineOf('pipeline.stages.2.member.actions.1.member.name') ?? 0) - 1] ?? '', /"bad name"/);
  const actionLine = lineOf('pipeline.stages.2.member.actions.1.member.configuration') ?? 0;
  assert.match(lines[actionLine] ?? '', /"name": "bad name"/, 'a missing member is placed at the start of its action');
  assert.match(lines[(lineOf('pipeline.stages.1.member.name') ?? 0) - 1] ?? '', /"Source"/);
  assert.deepEqual(segmentsOfMemberPath('pipeline.stages.2.member.actions.1.member.name'), ['stages', 1, 'actions', 0, 'name']);
  assert.equal(indexJsonPositions('{"a": [1, }'), undefined);
});

test('the member path named in an API message is found', () => {
  assert.equal(memberPathInMessage("Value 'x y' at 'pipeline.stages.1.member.name' failed to satisfy constraint"), 'pipeline.stages.1.member.name');
  assert.equal(memberPathInMessage('Pipeline has no stages'), undefined);
});

test('every route prints to a hash that parses back to it, names and build ids included', () => {
  const routes: Route[] = [
    { page: 'pipelines' },
    { page: 'pipeline', name: 'my-app.prod@v2' },
    { page: 'executions', name: 'a b' },
    { page: 'execution', name: 'app', id: '0c9f2a1e-1111-4222-8333-444455556666' },
    { page: 'edit', name: 'app' },
    { page: 'build', id: 'project-x:8c2d1f0e-aaaa-4bbb-8ccc-dddddddddddd' },
  ];
  for (const route of routes) assert.deepEqual(parseRoute(hrefOf(route)), route);
  assert.deepEqual(parseRoute(''), { page: 'pipelines' });
  assert.deepEqual(parseRoute('#/nowhere/at/all'), { page: 'not-found', path: '/nowhere/at/all' });
});

test('a live event changes the status on screen before the refetch: only its stage and action, only its execution', () => {
  const state: GetPipelineStateOutput = {
    pipelineName: 'app',
    stageStates: [
      { stageName: 'Source', latestExecution: { pipelineExecutionId: 'e1', status: 'Succeeded' }, actionStates: [{ actionName: 'Repo', latestExecution: { status: 'Succeeded' } }] },
      { stageName: 'Gate', latestExecution: { pipelineExecutionId: 'e1', status: 'InProgress' }, actionStates: [{ actionName: 'Review', latestExecution: { status: 'InProgress', token: 't' } }] },
    ],
  };
  const event = (kind: string, detail: object): BusEvent => ({
    id: '1', 'detail-type': `CodePipeline ${kind} Execution State Change`, source: 'aws.codepipeline', time: '', resources: [],
    detail: { pipeline: 'app', ...detail },
  });
  const approved = applyEvent(state, event('Action', { 'execution-id': 'e1', stage: 'Gate', action: 'Review', state: 'SUCCEEDED' }));
  assert.deepEqual(approved.stageStates?.[1]?.actionStates?.[0]?.latestExecution, { status: 'Succeeded', token: 't' });
  assert.equal(approved.stageStates?.[0], state.stageStates?.[0], 'other stages untouched');
  const stage = applyEvent(approved, event('Stage', { 'execution-id': 'e1', stage: 'Gate', state: 'CANCELED' }));
  assert.deepEqual(stage.stageStates?.[1]?.latestExecution, { pipelineExecutionId: 'e1', status: 'Cancelled' });
  const late = applyEvent(state, event('Stage', { 'execution-id': 'e0', stage: 'Gate', state: 'FAILED' }));
  assert.deepEqual(late.stageStates?.[1], state.stageStates?.[1], 'a late event of an older execution changes nothing');
  const next = applyEvent(state, event('Stage', { 'execution-id': 'e2', stage: 'Source', state: 'STARTED' }));
  assert.deepEqual(next.stageStates?.[0]?.latestExecution, { pipelineExecutionId: 'e2', status: 'InProgress' });
  assert.equal(applyEvent(state, event('Pipeline', { state: 'STARTED' })), state, 'execution events are left to the refetch');
});
