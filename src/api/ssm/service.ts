/**
 * The SSM service (Parameter Store subset) on the AWS JSON dispatcher: `AmazonSSM.<Operation>`,
 * signed for `ssm`, authorized as `ssm:<Operation>` on
 * `arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>`.
 */
import { readFileSync } from 'node:fs';
import { parameterArn, parseParameterReference } from '../../services/parameter-names.ts';
import type { ParameterService } from '../../services/parameters.ts';
import type { AwsJsonService } from '../aws-json/operation.ts';
import type { ServiceModel } from '../aws-json/shape-validator.ts';
import { parameterOperations, ssmResourceArns } from './operations.ts';

/** SSM's API model (the Parameter Store operations Sluice serves, documentation stripped), API version 2014-11-06. */
export const SSM_MODEL = JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as ServiceModel;

export function ssmService(parameters: ParameterService): AwsJsonService {
  return {
    targetPrefix: SSM_MODEL.metadata.targetPrefix,
    iamPrefix: 'ssm',
    signingName: 'ssm',
    model: SSM_MODEL,
    operations: parameterOperations(parameters),
    resourceArns(operation, input, scope) {
      return ssmResourceArns(operation, input, (reference) => parameterArn(scope.region, scope.accountId, parseParameterReference(reference).name));
    },
  };
}
