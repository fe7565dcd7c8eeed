/**
 * The CodeCommit service on the AWS JSON dispatcher: `CodeCommit_20150413.<Operation>`, signed
 * for `codecommit`, authorized as `codecommit:<Operation>` on the repository's ARN
 * (`arn:aws:codecommit:<region>:<account>:<name>`; `*` for ListRepositories).
 *
 * CodeCommit reports a missing or malformed member with an exception of its own
 * (RepositoryNameRequiredException, InvalidBranchNameException, …), not ValidationException, so
 * the model given to the dispatcher keeps member types only; the operations check the rest.
 */
import { readFileSync } from 'node:fs';
import { repositoryArn } from '../../services/repository-names.ts';
import type { AwsJsonService } from '../aws-json/operation.ts';
import type { ServiceModel, ShapeModel } from '../aws-json/shape-validator.ts';
import { contentOperations } from './content.ts';
import type { CodeCommitApi, Input } from './context.ts';
import { repositoryOperations } from './repositories.ts';

/** CodeCommit's API model (documentation stripped), API version 2015-04-13, served operations only. */
export const CODECOMMIT_MODEL = JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as ServiceModel;

/** The model with presence, length, pattern and enum constraints removed: types are all the dispatcher checks. */
function typesOnly(model: ServiceModel): ServiceModel {
  const shapes = Object.fromEntries(Object.entries(model.shapes).map(([name, shape]): [string, ShapeModel] => {
    const { required: _r, min: _min, max: _max, pattern: _p, enum: _e, ...rest } = shape;
    return [name, rest];
  }));
  return { ...model, shapes };
}

export function codeCommitResourceArns(operation: string, input: Input, scope: { region: string; accountId: string }): string[] {
  const arn = (name: unknown): string => (typeof name === 'string' && name !== '' ? repositoryArn(scope.region, scope.accountId, name) : '*');
  switch (operation) {
    case 'ListRepositories': return ['*'];
    case 'BatchGetRepositories': {
      const names = Array.isArray(input.repositoryNames) ? input.repositoryNames.map(arn) : [];
      return names.length === 0 ? ['*'] : [...new Set(names)];
    }
    case 'UpdateRepositoryName': return [arn(input.oldName)];
    case 'TagResource': case 'UntagResource': case 'ListTagsForResource':
      return [typeof input.resourceArn === 'string' && input.resourceArn !== '' ? input.resourceArn : '*'];
    default: return [arn(input.repositoryName)];
  }
}

export function codeCommitService(api: CodeCommitApi): AwsJsonService {
  return {
    targetPrefix: CODECOMMIT_MODEL.metadata.targetPrefix,
    iamPrefix: 'codecommit',
    signingName: 'codecommit',
    model: typesOnly(CODECOMMIT_MODEL),
    operations: { ...repositoryOperations(api), ...contentOperations(api) },
    resourceArns: codeCommitResourceArns,
  };
}
