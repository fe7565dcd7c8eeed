/**
 * Keeps docs/compatibility.md true. The operation list and the declaration shapes are read from
 * `@aws-sdk/client-codepipeline` at run time (its command files and the interfaces of its
 * models), so an operation or field the SDK gains fails this test until the doc has a row for it.
 * Fields rated `supported` must be accepted by validation in one valid V2 pipeline.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILT_IN_ACTION_TYPES, makeActionTypeCatalog } from '../../src/model/action-types.ts';
import { actionTypeKey, type ActionDeclaration, type PipelineDeclaration } from '../../src/model/pipeline.ts';
import { validatePipeline } from '../../src/model/validate-pipeline.ts';
import { SECRETS_MANAGER_MODEL } from '../../src/api/secretsmanager/service.ts';
import { SSM_MODEL } from '../../src/api/ssm/service.ts';
import { CODEBUILD_MODEL } from '../../src/api/codebuild/service.ts';
import { LOGS_MODEL } from '../../src/api/logs/service.ts';
import { SNS_OPERATIONS } from '../../src/api/sns/service.ts';
import { EVENTS_MODEL } from '../../src/api/events/service.ts';
import { AWS_CONNECTION_OPERATIONS } from '../../src/api/connections/service.ts';
import { CODECOMMIT_MODEL } from '../../src/api/codecommit/service.ts';
import { CODESTAR_NOTIFICATIONS_MODEL } from '../../src/api/codestar-notifications/service.ts';
import { IAM_OPERATIONS } from '../../src/api/iam/handler.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SDK_TYPES = join(ROOT, 'node_modules', '@aws-sdk', 'client-codepipeline', 'dist-types');
const DOC_PATH = join(ROOT, 'docs', 'compatibility.md');

const STATUSES = ['supported', 'partial', 'planned', 'not applicable'];
const FIELDS_SECTION = 'Declaration fields';
const TYPES_SECTION = 'Action types';
const OPERATIONS_SECTION = 'API operations';
/** Other AWS APIs Sluice serves: their section, their SDK client and the operations served. */
const OTHER_APIS = [
  { section: 'CodeBuild API operations', client: 'client-codebuild', served: Object.keys(CODEBUILD_MODEL.operations) },
  { section: 'CloudWatch Logs API operations', client: 'client-cloudwatch-logs', served: Object.keys(LOGS_MODEL.operations) },
  { section: 'EventBridge API operations', client: 'client-eventbridge', served: Object.keys(EVENTS_MODEL.operations) },
  { section: 'CodeStar Connections API operations', client: 'client-codestar-connections', served: AWS_CONNECTION_OPERATIONS },
  { section: 'CodeCommit API operations', client: 'client-codecommit', served: Object.keys(CODECOMMIT_MODEL.operations) },
  { section: 'SNS API operations', client: 'client-sns', served: [...SNS_OPERATIONS] },
  { section: 'CodeStar Notifications API operations', client: 'client-codestar-notifications', served: Object.keys(CODESTAR_NOTIFICATIONS_MODEL.operations) },
  { section: 'IAM API operations', client: 'client-iam', served: [...IAM_OPERATIONS] },
];

/** The declaration shapes the doc must cover at least; the test also follows every nested shape. */
const REQUIRED_SHAPES = [
  'PipelineDeclaration', 'StageDeclaration', 'ActionDeclaration', 'ArtifactStore', 'PipelineVariableDeclaration',
  'PipelineTriggerDeclaration', 'GitConfiguration', 'GitPushFilter', 'GitPullRequestFilter', 'FailureConditions',
  'SuccessConditions', 'BeforeEntryConditions', 'Condition', 'RuleDeclaration',
];

// ---------------------------------------------------------------------------------------------
// The doc's tables

interface StatusRow { name: string; status: string; line: number }
interface StatusTable { section: string; rows: StatusRow[] }

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

/** Every table whose second column is `Status`, with the `##` section it sits in. */
function statusTables(markdown: string): StatusTable[] {
  const tables: StatusTable[] = [];
  const lines = markdown.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('## ')) section = line.slice(3).trim();
    if (!line.startsWith('|') || (lines[i - 1] ?? '').startsWith('|')) continue;
    const header = cells(line);
    let end = i + 2;
    while ((lines[end] ?? '').startsWith('|')) end++;
    if (header[1] === 'Status') {
      tables.push({
        section,
        rows: lines.slice(i + 2, end).map((row, k) => {
          const [name = '', status = ''] = cells(row);
          return { name, status, line: i + 3 + k };
        }),
      });
    }
    i = end - 1;
  }
  return tables;
}

const tables = statusTables(readFileSync(DOC_PATH, 'utf8'));

/** The backticked names of the one table in `section`. */
function namesIn(section: string): string[] {
  const found = tables.filter((t) => t.section === section);
  assert.equal(found.length, 1, `docs/compatibility.md has one status table under "## ${section}"`);
  return found[0]?.rows.map((r) => r.name.replace(/^`|`$/g, '')) ?? [];
}

function rowsIn(section: string): StatusRow[] {
  return tables.filter((t) => t.section === section).flatMap((t) => t.rows);
}

function duplicates(names: string[]): string[] {
  return names.filter((n, i) => names.indexOf(n) !== i);
}

/** Both directions at once, so a failure lists what is missing and what is extra. */
function assertSameSet(actual: string[], expected: string[], what: string): void {
  const missing = expected.filter((e) => !actual.includes(e)).sort();
  const extra = actual.filter((a) => !expected.includes(a)).sort();
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, what);
}

// ---------------------------------------------------------------------------------------------
// The SDK's operations and declaration shapes

function sdkOperations(types = SDK_TYPES): string[] {
  return readdirSync(join(types, 'commands'))
    .filter((f) => f.endsWith('Command.d.ts'))
    .map((f) => f.slice(0, -'Command.d.ts'.length));
}

interface Member { name: string; kind: 'one' | 'list' | 'map'; type: string }

/** Exported interfaces of the SDK models, member by member, with each member's element type. */
function sdkShapes(): Map<string, Member[]> {
  const text = readFileSync(join(SDK_TYPES, 'models', 'models_0.d.ts'), 'utf8');
  const shapes = new Map<string, Member[]>();
  for (const shape of text.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const members = [...(shape[2] ?? '').matchAll(/^ +(\w+)\??: (.+);$/gm)].map((m): Member => {
      const type = (m[2] ?? '').replace(/\s*\|\s*undefined$/, '');
      const list = /^(\w+)\[\]$/.exec(type);
      const map = /^Record<string, (\w+)>$/.exec(type);
      if (list) return { name: m[1] ?? '', kind: 'list', type: list[1] ?? '' };
      if (map) return { name: m[1] ?? '', kind: 'map', type: map[1] ?? '' };
      return { name: m[1] ?? '', kind: 'one', type };
    });
    shapes.set(shape[1] ?? '', members);
  }
  return shapes;
}

const shapes = sdkShapes();

/** PipelineDeclaration and every shape reachable from it, in first-seen order. */
function declarationShapes(): string[] {
  const seen: string[] = [];
  const visit = (name: string): void => {
    if (seen.includes(name)) return;
    seen.push(name);
    for (const member of shapes.get(name) ?? []) if (shapes.has(member.type)) visit(member.type);
  }
  visit('PipelineDeclaration');
  return seen;
}

function declarationFields(): string[] {
  return declarationShapes().flatMap((shape) => (shapes.get(shape) ?? []).map((m) => `${shape}.${m.name}`));
}

/** `Shape.member` of every member present in `value`, read as `shape`, recursively. */
function fieldsPresent(value: unknown, shape: string, out = new Set<string>()): Set<string> {
  if (typeof value !== 'object' || value === null) return out;
  const record = value as Record<string, unknown>;
  for (const member of shapes.get(shape) ?? []) {
    const child = record[member.name];
    if (child === undefined) continue;
    out.add(`${shape}.${member.name}`);
    if (!shapes.has(member.type)) continue;
    const items = member.kind === 'list' ? child as unknown[]
      : member.kind === 'map' ? Object.values(child as Record<string, unknown>) : [child];
    for (const item of items) fieldsPresent(item, member.type, out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A valid V2 pipeline using every field the doc rates `supported`

function commandsAction(name: string, over: Partial<ActionDeclaration>): ActionDeclaration {
  return { name, actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' }, ...over };
}

function supportedFieldsPipeline(): PipelineDeclaration {
  return {
    name: 'docs-supported', roleArn: 'arn:aws:iam::123456789012:role/PipelineRole',
    artifactStore: { type: 'S3', location: 'docs-artifacts' },
    version: 7, pipelineType: 'V2', executionMode: 'QUEUED',
    variables: [{ name: 'Env', defaultValue: 'dev', description: 'target environment' }],
    stages: [
      { name: 'Source', actions: [{
        name: 'Src', runOrder: 1, actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
        configuration: { RepositoryName: 'app', BranchName: 'main' },
        outputArtifacts: [{ name: 'SourceOut' }], namespace: 'SourceVars',
      }] },
      { name: 'Build', actions: [
        commandsAction('Test', { runOrder: 1, inputArtifacts: [{ name: 'SourceOut' }], commands: ['./test.sh'] }),
        commandsAction('Package', {
          runOrder: 2, inputArtifacts: [{ name: 'SourceOut' }], outputArtifacts: [{ name: 'BuildOut', files: ['dist/**/*'] }],
          commands: ['export VERSION="1.0.#{codepipeline.PipelineExecutionId}"', 'echo "#{SourceVars.CommitId}"'],
          outputVariables: ['VERSION'], namespace: 'BuildVars',
          environmentVariables: [{ name: 'TARGET', value: '#{variables.Env}' }],
        }),
      ] },
      { name: 'Release', actions: [{
        name: 'Approve', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
        configuration: { CustomData: 'Release #{BuildVars.VERSION} to #{variables.Env}?' }, timeoutInMinutes: 60,
      }] },
      { name: 'Deploy', actions: [commandsAction('Ship', { inputArtifacts: [{ name: 'BuildOut' }], commands: ['./ship.sh'] })] },
    ],
  };
}

// ---------------------------------------------------------------------------------------------

describe('docs/compatibility.md', () => {
  it('rates every row of every status table with a known status word and a backticked name', () => {
    assert.ok(tables.length >= 4, 'the doc has its status tables');
    for (const row of tables.flatMap((t) => t.rows)) {
      assert.match(row.name, /^`[^`]+`$/, `line ${row.line}: the first column is a name in backticks`);
      assert.ok(STATUSES.includes(row.status), `line ${row.line}: status '${row.status}' is one of ${STATUSES.join(', ')}`);
    }
  });

  it('lists every SDK operation exactly once in the operations table, and nothing else', () => {
    const operations = sdkOperations();
    assert.ok(operations.length >= 40, `the SDK's command files were found (${operations.length})`);
    const documented = namesIn(OPERATIONS_SECTION);
    assert.deepEqual(duplicates(documented), [], 'no operation is listed twice');
    assertSameSet(documented, operations, 'operations table = the SDK commands');
  });

  it('lists every member of every declaration shape in the SDK exactly once in the fields table', () => {
    const reachable = declarationShapes();
    for (const shape of REQUIRED_SHAPES) assert.ok(reachable.includes(shape), `the SDK declares ${shape}`);
    const documented = namesIn(FIELDS_SECTION);
    assert.deepEqual(duplicates(documented), [], 'no field is listed twice');
    assertSameSet(documented, declarationFields(), 'fields table = members of the SDK declaration shapes');
  });

  it('lists every built-in action type exactly once in the action types table', () => {
    const documented = namesIn(TYPES_SECTION);
    assert.deepEqual(duplicates(documented), [], 'no action type is listed twice');
    assertSameSet(documented, BUILT_IN_ACTION_TYPES.map((t) => actionTypeKey(t.id)), 'action types table = the catalog');
  });

  it('accepts every field rated supported in one valid V2 pipeline', () => {
    const pipeline = supportedFieldsPipeline();
    const { issues } = validatePipeline(pipeline, makeActionTypeCatalog(), { homeRegion: 'us-east-1' });
    assert.deepEqual(issues, [], 'the pipeline validates without errors or warnings');
    const present = fieldsPresent(pipeline, 'PipelineDeclaration');
    const supported = rowsIn(FIELDS_SECTION).filter((r) => r.status === 'supported').map((r) => r.name.replace(/^`|`$/g, ''));
    assert.ok(supported.length > 0, 'some fields are rated supported');
    assert.deepEqual(supported.filter((f) => !present.has(f)), [], 'every supported field is used by the pipeline');
  });

  // The Parameter Store and Secrets Manager sections list exactly the operations Sluice serves
  // (their API models hold the served operations only), each a command of the service's SDK.
  for (const [section, model, sdk] of [
    ['SSM Parameter Store operations', SSM_MODEL, 'client-ssm'],
    ['Secrets Manager operations', SECRETS_MANAGER_MODEL, 'client-secrets-manager'],
  ] as const) {
    it(`lists every ${section.replace(' operations', '')} operation Sluice serves exactly once`, () => {
      const documented = namesIn(section);
      assert.deepEqual(duplicates(documented), [], 'no operation is listed twice');
      assertSameSet(documented, Object.keys(model.operations), `${section} table = the served operations`);
      const commands = readdirSync(join(ROOT, 'node_modules', '@aws-sdk', sdk, 'dist-types', 'commands'));
      for (const name of documented) assert.ok(commands.includes(`${name}Command.d.ts`), `${name} is an operation of @aws-sdk/${sdk}`);
    });
  }

  for (const api of OTHER_APIS) {
    it(`lists every ${api.client} operation once under "${api.section}", rating exactly the served ones supported or partial`, () => {
      const operations = sdkOperations(join(ROOT, 'node_modules', '@aws-sdk', api.client, 'dist-types'));
      const rows = rowsIn(api.section);
      const documented = namesIn(api.section);
      assert.deepEqual(duplicates(documented), [], 'no operation is listed twice');
      assertSameSet(documented, operations, `${api.section} = the SDK commands`);
      const available = rows.filter((r) => r.status === 'supported' || r.status === 'partial').map((r) => r.name.replace(/^`|`$/g, ''));
      assertSameSet(available, api.served, 'supported or partial = served by the server');
    });
  }
});
