/**
 * Our model against `@aws-sdk/client-codepipeline`: the vocabularies must equal the SDK's enums at
 * run time, and the declaration types must fit the SDK's at compile time (`npx tsc -p .` fails
 * on drift, in either direction, for the member names of every declaration shape).
 */
import type * as Sdk from '@aws-sdk/client-codepipeline';
import * as sdk from '@aws-sdk/client-codepipeline';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as Ours from '../../src/model/pipeline.ts';
import * as vocabulary from '../../src/model/vocabulary.ts';
import { makePipeline, makeV2Pipeline } from './pipeline-builders.ts';

/** Compiles only when the argument's type is assignable to T. */
function assignable<T>(_: T): void {}

/** `true` when A and B declare exactly the same member names. */
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;

// Each line fails to compile when AWS adds a member we lack or we add one AWS does not have.
const sameMembers: Record<string, true> = {
  PipelineDeclaration: true satisfies SameKeys<Ours.PipelineDeclaration, Sdk.PipelineDeclaration>,
  StageDeclaration: true satisfies SameKeys<Ours.StageDeclaration, Sdk.StageDeclaration>,
  ActionDeclaration: true satisfies SameKeys<Ours.ActionDeclaration, Sdk.ActionDeclaration>,
  ActionTypeId: true satisfies SameKeys<Ours.ActionTypeId, Sdk.ActionTypeId>,
  InputArtifact: true satisfies SameKeys<Ours.InputArtifact, Sdk.InputArtifact>,
  OutputArtifact: true satisfies SameKeys<Ours.OutputArtifact, Sdk.OutputArtifact>,
  EnvironmentVariable: true satisfies SameKeys<Ours.EnvironmentVariable, Sdk.EnvironmentVariable>,
  RuleDeclaration: true satisfies SameKeys<Ours.RuleDeclaration, Sdk.RuleDeclaration>,
  RuleTypeId: true satisfies SameKeys<Ours.RuleTypeId, Sdk.RuleTypeId>,
  Condition: true satisfies SameKeys<Ours.Condition, Sdk.Condition>,
  BeforeEntryConditions: true satisfies SameKeys<Ours.BeforeEntryConditions, Sdk.BeforeEntryConditions>,
  SuccessConditions: true satisfies SameKeys<Ours.SuccessConditions, Sdk.SuccessConditions>,
  FailureConditions: true satisfies SameKeys<Ours.FailureConditions, Sdk.FailureConditions>,
  RetryConfiguration: true satisfies SameKeys<Ours.RetryConfiguration, Sdk.RetryConfiguration>,
  BlockerDeclaration: true satisfies SameKeys<Ours.BlockerDeclaration, Sdk.BlockerDeclaration>,
  ArtifactStore: true satisfies SameKeys<Ours.ArtifactStore, Sdk.ArtifactStore>,
  EncryptionKey: true satisfies SameKeys<Ours.EncryptionKey, Sdk.EncryptionKey>,
  PipelineVariableDeclaration: true satisfies SameKeys<Ours.PipelineVariableDeclaration, Sdk.PipelineVariableDeclaration>,
  PipelineTriggerDeclaration: true satisfies SameKeys<Ours.PipelineTriggerDeclaration, Sdk.PipelineTriggerDeclaration>,
  GitConfiguration: true satisfies SameKeys<Ours.GitConfiguration, Sdk.GitConfiguration>,
  GitPushFilter: true satisfies SameKeys<Ours.GitPushFilter, Sdk.GitPushFilter>,
  GitPullRequestFilter: true satisfies SameKeys<Ours.GitPullRequestFilter, Sdk.GitPullRequestFilter>,
  GitFilterCriteria: true satisfies SameKeys<Ours.GitFilterCriteria, Sdk.GitBranchFilterCriteria>,
};

describe('model matches @aws-sdk/client-codepipeline', () => {
  it('declarations are assignable to the SDK types', () => {
    const v1: Ours.PipelineDeclaration = makePipeline();
    const v2: Ours.PipelineDeclaration = makeV2Pipeline();
    assignable<Sdk.PipelineDeclaration>(v1);
    assignable<Sdk.PipelineDeclaration>(v2);
    // The compile-time checks above are the test; this keeps the table from being unused.
    assert.equal(Object.values(sameMembers).every(Boolean), true);
  });

  const sdkExports = sdk as unknown as Record<string, unknown>;
  for (const [name, ours] of Object.entries(vocabulary)) {
    it(`vocabulary ${name} equals the SDK enum`, () => {
      assert.ok(name in sdkExports, `the SDK exports no ${name}`);
      assert.deepEqual(ours, sdkExports[name]);
    });
  }
});
