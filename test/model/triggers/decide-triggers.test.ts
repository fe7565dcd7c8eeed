/**
 * Which source actions a git event starts: tables of `{ filters, event, want }` for push and
 * pull-request triggers, the rule without triggers, several source actions, repositories that
 * do not match, and what a decision records.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeActionTypeCatalog } from '../../../src/model/action-types.ts';
import type { GitPullRequestFilter, GitPushFilter } from '../../../src/model/pipeline.ts';
import { validatePipeline } from '../../../src/model/validate-pipeline.ts';
import { decideTriggers } from '../../../src/model/triggers/decide-triggers.ts';
import type { GitEvent } from '../../../src/model/triggers/git-event.ts';
import { makeSourceAction, typeId } from '../pipeline-builders.ts';
import {
  COMMIT, connectionRepo, CONNECTION_ARN, makeConnectionSource, makeTriggeredPipeline, pullRequest, push,
} from './trigger-builders.ts';

/** The names of the source actions `event` starts. */
function started(pipeline: Parameters<typeof decideTriggers>[0], event: GitEvent): string[] {
  return decideTriggers(pipeline, event).map((d) => d.sourceActionName);
}

describe('push triggers', () => {
  const table: { name: string; push: GitPushFilter[]; event: GitEvent; want: boolean }[] = [
    { name: 'branch include', push: [{ branches: { includes: ['main'] } }], event: push('refs/heads/main'), want: true },
    { name: 'branch include, other branch', push: [{ branches: { includes: ['main'] } }], event: push('refs/heads/dev'), want: false },
    { name: 'branch glob * within a segment', push: [{ branches: { includes: ['feature/*'] } }], event: push('refs/heads/feature/a'), want: true },
    { name: 'branch glob * not across /', push: [{ branches: { includes: ['feature/*'] } }], event: push('refs/heads/feature/a/b'), want: false },
    { name: 'branch glob ** across /', push: [{ branches: { includes: ['feature/**'] } }], event: push('refs/heads/feature/a/b'), want: true },
    { name: 'branch excludes only', push: [{ branches: { excludes: ['wip/**'] } }], event: push('refs/heads/dev'), want: true },
    { name: 'branch excluded', push: [{ branches: { excludes: ['wip/**'] } }], event: push('refs/heads/wip/x'), want: false },
    {
      name: 'exclude wins over include', push: [{ branches: { includes: ['release/**'], excludes: ['release/old/**'] } }],
      event: push('refs/heads/release/old/1'), want: false,
    },
    {
      name: 'include next to an exclude that misses', push: [{ branches: { includes: ['release/**'], excludes: ['release/old/**'] } }],
      event: push('refs/heads/release/2'), want: true,
    },
    { name: 'branch filter ignores tag pushes', push: [{ branches: { includes: ['**'] } }], event: push('refs/tags/main'), want: false },
    { name: 'tags-only filter, tag push', push: [{ tags: { includes: ['v*'] } }], event: push('refs/tags/v1.2.0'), want: true },
    { name: 'tags-only filter, other tag', push: [{ tags: { includes: ['v*'] } }], event: push('refs/tags/nightly'), want: false },
    { name: 'tags-only filter ignores branch pushes', push: [{ tags: { includes: ['*'] } }], event: push('refs/heads/v1'), want: false },
    { name: 'tag excluded', push: [{ tags: { includes: ['v*'], excludes: ['*-rc*'] } }], event: push('refs/tags/v2-rc1'), want: false },
    { name: 'tag with / needs **', push: [{ tags: { includes: ['v*'] } }], event: push('refs/tags/v1/beta'), want: false },
    { name: 'other refs start nothing', push: [{ branches: { includes: ['**'] } }], event: push('refs/notes/commits'), want: false },
    {
      name: 'file path * matches top-level files', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['*.md'] } }],
      event: push('refs/heads/main', { changedFiles: ['README.md'] }), want: true,
    },
    {
      name: 'file path * not in subfolders', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['*.md'] } }],
      event: push('refs/heads/main', { changedFiles: ['docs/guide.md'] }), want: false,
    },
    {
      name: 'file path ** in subfolders', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['**.md'] } }],
      event: push('refs/heads/main', { changedFiles: ['docs/guide/a.md'] }), want: true,
    },
    {
      name: 'file path dir/** needs the dir', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['src/**'] } }],
      event: push('refs/heads/main', { changedFiles: ['test/a.ts', 'srcs/b.ts'] }), want: false,
    },
    {
      name: 'one included file of several is enough', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['src/**'] } }],
      event: push('refs/heads/main', { changedFiles: ['README.md', 'src/a.ts'] }), want: true,
    },
    {
      name: 'every file excluded', push: [{ branches: { includes: ['main'] }, filePaths: { excludes: ['docs/**', '*.md'] } }],
      event: push('refs/heads/main', { changedFiles: ['docs/a.md', 'README.md'] }), want: false,
    },
    {
      name: 'one file not excluded', push: [{ branches: { includes: ['main'] }, filePaths: { excludes: ['docs/**'] } }],
      event: push('refs/heads/main', { changedFiles: ['docs/a.md', 'src/a.ts'] }), want: true,
    },
    {
      name: 'a file both included and excluded', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['src/**'], excludes: ['**.test.ts'] } }],
      event: push('refs/heads/main', { changedFiles: ['src/a.test.ts'] }), want: false,
    },
    {
      name: 'file paths match but branch does not', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['src/**'] } }],
      event: push('refs/heads/dev', { changedFiles: ['src/a.ts'] }), want: false,
    },
    {
      name: 'unknown changed files pass a file-path criterion', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['src/**'] } }],
      event: push('refs/heads/main'), want: true,
    },
    {
      name: 'no changed files fail a file-path criterion', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['**'] } }],
      event: push('refs/heads/main', { changedFiles: [] }), want: false,
    },
    {
      name: 'any filter of several', push: [{ tags: { includes: ['v*'] } }, { branches: { includes: ['main'] } }],
      event: push('refs/tags/v3'), want: true,
    },
    {
      name: 'no filter of several', push: [{ tags: { includes: ['v*'] } }, { branches: { includes: ['main'] } }],
      event: push('refs/heads/dev'), want: false,
    },
    {
      name: 'a filter with an invalid glob never matches', push: [{ branches: { includes: ['**'], excludes: ['wip/[x'] } }],
      event: push('refs/heads/wip/x'), want: false,
    },
    { name: 'a branch deletion starts nothing', push: [{ branches: { includes: ['**'] } }], event: push('refs/heads/main', { commitId: '0'.repeat(40) }), want: false },
    { name: 'a push trigger ignores pull requests', push: [{ branches: { includes: ['**'] } }], event: pullRequest('OPEN', 'main'), want: false },
  ];
  for (const { name, push: filters, event, want } of table) {
    it(name, () => {
      const pipeline = makeTriggeredPipeline([{ sourceActionName: 'Src', push: filters }]);
      assert.deepEqual(started(pipeline, event), want ? ['Src'] : []);
    });
  }
});

describe('pull-request triggers', () => {
  const table: { name: string; pullRequest: GitPullRequestFilter[]; event: GitEvent; want: boolean }[] = [
    { name: 'opened into an included branch', pullRequest: [{ events: ['OPEN'], branches: { includes: ['main'] } }], event: pullRequest('OPEN', 'main'), want: true },
    { name: 'event not listed', pullRequest: [{ events: ['OPEN'], branches: { includes: ['main'] } }], event: pullRequest('UPDATED', 'main'), want: false },
    { name: 'updated', pullRequest: [{ events: ['OPEN', 'UPDATED'], branches: { includes: ['main'] } }], event: pullRequest('UPDATED', 'main'), want: true },
    { name: 'closed', pullRequest: [{ events: ['CLOSED'], branches: { includes: ['main'] } }], event: pullRequest('CLOSED', 'main'), want: true },
    { name: 'events absent means all three', pullRequest: [{ branches: { includes: ['main'] } }], event: pullRequest('CLOSED', 'main'), want: true },
    {
      name: 'branches filter the destination, not the source', pullRequest: [{ branches: { includes: ['feature/**'] } }],
      event: pullRequest('OPEN', 'main', { sourceBranch: 'feature/x' }), want: false,
    },
    {
      name: 'destination given as a full ref', pullRequest: [{ branches: { includes: ['release/*'] } }],
      event: pullRequest('OPEN', 'refs/heads/release/1'), want: true,
    },
    { name: 'destination excluded', pullRequest: [{ branches: { includes: ['**'], excludes: ['legacy'] } }], event: pullRequest('OPEN', 'legacy'), want: false },
    {
      name: 'file paths of the pull request', pullRequest: [{ branches: { includes: ['main'] }, filePaths: { includes: ['src/**'] } }],
      event: pullRequest('UPDATED', 'main', { changedFiles: ['src/a.ts'] }), want: true,
    },
    {
      name: 'file paths all excluded', pullRequest: [{ branches: { includes: ['main'] }, filePaths: { excludes: ['docs/**'] } }],
      event: pullRequest('UPDATED', 'main', { changedFiles: ['docs/a.md'] }), want: false,
    },
    {
      name: 'any filter of several', pullRequest: [{ events: ['CLOSED'], branches: { includes: ['main'] } }, { events: ['OPEN'], branches: { includes: ['dev'] } }],
      event: pullRequest('OPEN', 'dev'), want: true,
    },
    { name: 'a pull-request trigger ignores pushes', pullRequest: [{ branches: { includes: ['**'] } }], event: push('refs/heads/main'), want: false },
  ];
  for (const { name, pullRequest: filters, event, want } of table) {
    it(name, () => {
      const pipeline = makeTriggeredPipeline([{ sourceActionName: 'Src', pullRequest: filters }]);
      assert.deepEqual(started(pipeline, event), want ? ['Src'] : []);
    });
  }
});

describe('without a trigger', () => {
  const v2 = (config: Record<string, string> = {}) => makeTriggeredPipeline([], [makeConnectionSource({}, config)]);
  const table: { name: string; pipeline: Parameters<typeof decideTriggers>[0]; event: GitEvent; want: boolean }[] = [
    { name: 'a push to BranchName starts', pipeline: v2(), event: push('refs/heads/main'), want: true },
    { name: 'a push to another branch does not', pipeline: v2(), event: push('refs/heads/dev'), want: false },
    { name: 'BranchName is not a glob', pipeline: v2({ BranchName: 'release/*' }), event: push('refs/heads/release/1'), want: false },
    { name: 'a tag named like BranchName does not', pipeline: v2(), event: push('refs/tags/main'), want: false },
    { name: 'a pull request into BranchName does not', pipeline: v2(), event: pullRequest('OPEN', 'main'), want: false },
    { name: 'DetectChanges false opts out', pipeline: v2({ DetectChanges: 'false' }), event: push('refs/heads/main'), want: false },
    { name: 'DetectChanges true keeps the rule', pipeline: v2({ DetectChanges: 'true' }), event: push('refs/heads/main'), want: true },
    { name: 'V1 pipelines use the rule too', pipeline: { ...v2(), pipelineType: 'V1', triggers: undefined }, event: push('refs/heads/main'), want: true },
    {
      name: 'a V1 pipeline ignores triggers it cannot have',
      pipeline: { ...makeTriggeredPipeline([{ sourceActionName: 'Src', push: [{ branches: { includes: ['dev'] } }] }]), pipelineType: 'V1' },
      event: push('refs/heads/main'), want: true,
    },
  ];
  for (const { name, pipeline, event, want } of table) {
    it(name, () => assert.deepEqual(started(pipeline, event), want ? ['Src'] : []));
  }

  it('a trigger replaces the rule: a push to BranchName its filters miss starts nothing', () => {
    const pipeline = makeTriggeredPipeline([{ sourceActionName: 'Src', push: [{ tags: { includes: ['v*'] } }] }]);
    assert.deepEqual(started(pipeline, push('refs/heads/main')), []);
  });
});

describe('several source actions', () => {
  const api = makeConnectionSource({ name: 'Api', outputArtifacts: [{ name: 'ApiOut' }], namespace: 'ApiVars' });
  const web = makeConnectionSource({ name: 'Web', outputArtifacts: [{ name: 'WebOut' }], namespace: 'WebVars' });
  const lib = makeConnectionSource({ name: 'Lib', outputArtifacts: [{ name: 'LibOut' }], namespace: 'LibVars' },
    { FullRepositoryId: 'octo/lib' });
  const pipeline = makeTriggeredPipeline([
    { sourceActionName: 'Api', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['api/**'] } }] },
    { sourceActionName: 'Web', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['web/**'] } }] },
  ], [api, web, lib]);

  it('passes a valid V2 declaration', () => {
    const errors = validatePipeline(pipeline, makeActionTypeCatalog()).issues.filter((i) => i.severity === 'error');
    assert.deepEqual(errors, []);
  });

  const table: { name: string; event: GitEvent; want: string[] }[] = [
    { name: 'only the action whose paths changed', event: push('refs/heads/main', { changedFiles: ['web/index.html'] }), want: ['Web'] },
    { name: 'both, in declaration order', event: push('refs/heads/main', { changedFiles: ['web/a', 'api/b'] }), want: ['Api', 'Web'] },
    { name: 'neither', event: push('refs/heads/main', { changedFiles: ['README.md'] }), want: [] },
    { name: 'the untriggered action of another repository by its rule', event: push('refs/heads/main', { repository: connectionRepo({ fullRepositoryId: 'octo/lib' }) }), want: ['Lib'] },
  ];
  for (const { name, event, want } of table) {
    it(name, () => assert.deepEqual(started(pipeline, event), want));
  }
});

describe('repositories', () => {
  const pipeline = makeTriggeredPipeline([{ sourceActionName: 'Src', push: [{ branches: { includes: ['**'] } }] }]);
  const codeCommit = makeTriggeredPipeline([], [makeSourceAction()]);
  const table: { name: string; pipeline: Parameters<typeof decideTriggers>[0]; event: GitEvent; want: boolean }[] = [
    { name: 'same connection and repository', pipeline, event: push('refs/heads/x'), want: true },
    { name: 'repository id in another case', pipeline, event: push('refs/heads/x', { repository: connectionRepo({ fullRepositoryId: 'Octo/App' }) }), want: true },
    { name: 'another repository', pipeline, event: push('refs/heads/x', { repository: connectionRepo({ fullRepositoryId: 'octo/other' }) }), want: false },
    { name: 'another connection', pipeline, event: push('refs/heads/x', { repository: connectionRepo({ connectionArn: `${CONNECTION_ARN}0` }) }), want: false },
    { name: 'a hosted repository of the same name', pipeline, event: push('refs/heads/x', { repository: { provider: 'CodeCommit', repositoryName: 'octo/app' } }), want: false },
    { name: 'CodeCommit by RepositoryName', pipeline: codeCommit, event: push('refs/heads/main', { repository: { provider: 'CodeCommit', repositoryName: 'app' } }), want: true },
    { name: 'CodeCommit names are exact', pipeline: codeCommit, event: push('refs/heads/main', { repository: { provider: 'CodeCommit', repositoryName: 'App' } }), want: false },
    {
      name: 'non-git sources never start',
      pipeline: makeTriggeredPipeline([], [makeSourceAction({ actionTypeId: typeId('Source', 'S3'), configuration: { S3Bucket: 'app', S3ObjectKey: 'main' } })]),
      event: push('refs/heads/main', { repository: { provider: 'CodeCommit', repositoryName: 'app' } }), want: false,
    },
  ];
  for (const { name, pipeline: p, event, want } of table) {
    it(name, () => assert.equal(started(p, event).length, want ? 1 : 0));
  }
});

describe('what a decision records', () => {
  it('a triggered push: the pushed commit, WebhookV2, the ref in the detail', () => {
    const pipeline = makeTriggeredPipeline([{ sourceActionName: 'Src', push: [{ tags: { includes: ['v*'] } }] }]);
    assert.deepEqual(decideTriggers(pipeline, push('refs/tags/v1')), [{
      sourceActionName: 'Src', revision: { type: 'COMMIT_ID', value: COMMIT }, triggerType: 'WebhookV2',
      triggerDetail: JSON.stringify({
        sourceActionName: 'Src', event: 'push', ref: 'refs/tags/v1', commitId: COMMIT,
        connectionArn: CONNECTION_ARN, fullRepositoryId: 'octo/app',
      }),
    }]);
  });

  it('a pull request: the source head commit, both branches and the pull request id', () => {
    const pipeline = makeTriggeredPipeline([{ sourceActionName: 'Src', pullRequest: [{ branches: { includes: ['main'] } }] }]);
    const [decision] = decideTriggers(pipeline, pullRequest('UPDATED', 'refs/heads/main', { pullRequestId: '42', sourceBranch: 'refs/heads/fix/y', commitId: 'abc123' }));
    assert.deepEqual(decision?.revision, { type: 'COMMIT_ID', value: 'abc123' });
    assert.equal(decision.triggerType, 'WebhookV2');
    assert.deepEqual(JSON.parse(decision.triggerDetail), {
      sourceActionName: 'Src', event: 'pullRequest', action: 'UPDATED', pullRequestId: '42', sourceBranch: 'fix/y',
      destinationBranch: 'main', commitId: 'abc123', connectionArn: CONNECTION_ARN, fullRepositoryId: 'octo/app',
    });
  });

  it('the rule without a trigger: WebhookV2 for a connection, CloudWatchEvent for CodeCommit', () => {
    const connection = decideTriggers(makeTriggeredPipeline([]), push('refs/heads/main'));
    assert.equal(connection[0]?.triggerType, 'WebhookV2');
    const hosted = decideTriggers(makeTriggeredPipeline([], [makeSourceAction()]),
      push('refs/heads/main', { repository: { provider: 'CodeCommit', repositoryName: 'app' } }));
    assert.equal(hosted[0]?.triggerType, 'CloudWatchEvent');
    assert.deepEqual(JSON.parse(hosted[0].triggerDetail), {
      sourceActionName: 'Src', event: 'push', ref: 'refs/heads/main', commitId: COMMIT, repositoryName: 'app',
    });
  });

  it('a detail stays within AWS 1024-character limit, cutting the longest value', () => {
    const long = `feature/${'x'.repeat(1500)}`;
    const pipeline = makeTriggeredPipeline([{ sourceActionName: 'Src', push: [{ branches: { includes: ['feature/*'] } }] }]);
    const [decision] = decideTriggers(pipeline, push(`refs/heads/${long}`));
    assert.ok(decision);
    assert.equal(decision.triggerDetail.length, 1024);
    const detail = JSON.parse(decision.triggerDetail) as Record<string, string>;
    assert.match(detail.ref ?? '', /^refs\/heads\/feature\/x+…$/);
    assert.equal(detail.commitId, COMMIT);
  });
});
