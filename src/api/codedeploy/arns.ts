/**
 * CodeDeploy ARNs: `application:<name>`, `deploymentgroup:<application>/<group>`,
 * `deploymentconfig:<name>`, `instance/<name>`, and the resource each operation is authorized against.
 */
import { SluiceError } from '../../model/errors.ts';
import { applicationArn, deploymentGroupArn } from '../../model/deploy/notices.ts';

export type CodeDeployResource =
  | { kind: 'application'; name: string }
  | { kind: 'deploymentgroup'; application: string; group: string }
  | { kind: 'deploymentconfig'; name: string };

const ARN = /^arn:aws:codedeploy:[^:]*:[^:]*:(application|deploymentgroup|deploymentconfig):(.+)$/;

export function resourceOf(arn: string): CodeDeployResource {
  const match = ARN.exec(arn);
  const [, kind, rest = ''] = match ?? [];
  if (kind === 'application' || kind === 'deploymentconfig') return { kind, name: rest };
  const slash = rest.indexOf('/');
  if (kind === 'deploymentgroup' && slash > 0) return { kind, application: rest.slice(0, slash), group: rest.slice(slash + 1) };
  throw new SluiceError('InvalidArnException', `The ARN ${arn} is not a CodeDeploy application, deployment group or deployment config ARN.`);
}

type Input = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The ARNs a CodeDeploy call is authorized against (as AWS scopes its IAM actions), `*` for the rest. */
export function codeDeployResourceArns(operation: string, input: Input, scope: { region: string; accountId: string }): string[] {
  const app = str(input.applicationName);
  const group = str(input.deploymentGroupName) ?? str(input.currentDeploymentGroupName);
  if (operation === 'TagResource' || operation === 'UntagResource' || operation === 'ListTagsForResource') return [str(input.ResourceArn) ?? '*'];
  if (app !== undefined && group !== undefined) return [deploymentGroupArn(scope.region, scope.accountId, app, group)];
  if (app !== undefined) return [applicationArn(scope.region, scope.accountId, app)];
  const config = str(input.deploymentConfigName);
  if (config !== undefined) return [`arn:aws:codedeploy:${scope.region}:${scope.accountId}:deploymentconfig:${config}`];
  return ['*'];
}
