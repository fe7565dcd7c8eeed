/**
 * The CodeDeploy service on the AWS JSON dispatcher: `CodeDeploy_20141006.<Operation>`, signed
 * for `codedeploy`, authorized as `codedeploy:<Operation>` on the application, deployment group or
 * deployment config ARN the input names (`*` otherwise).
 */
import { readFileSync } from 'node:fs';
import type { DeployDeps } from '../../services/deploy/context.ts';
import type { AwsJsonService } from '../aws-json/operation.ts';
import type { ServiceModel } from '../aws-json/shape-validator.ts';
import { codeDeployResourceArns } from './arns.ts';
import { deploymentOperations } from './deployment-operations.ts';
import { resourceOperations } from './resource-operations.ts';

/** CodeDeploy's API model (documentation stripped), API version 2014-10-06, served operations only. */
export const CODEDEPLOY_MODEL = JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as ServiceModel;

export function codeDeployService(deps: DeployDeps): AwsJsonService {
  return {
    targetPrefix: CODEDEPLOY_MODEL.metadata.targetPrefix,
    iamPrefix: 'codedeploy',
    signingName: 'codedeploy',
    model: CODEDEPLOY_MODEL,
    operations: { ...resourceOperations(deps), ...deploymentOperations(deps) },
    resourceArns: codeDeployResourceArns,
  };
}
