/**
 * What an audited call was about, from the ARNs it was authorized against, in CloudTrail's terms:
 * a resource type (`AWS::CodePipeline::Pipeline`) and a name. A stage or action ARN is about its
 * pipeline; `*` and ARNs of kinds Sluice does not know name nothing.
 */
import type { AuditResource } from '../store/ports.ts';

/** `arn:partition:service:region:account:rest` → the resource it names, if Sluice knows the kind. */
export function auditResourceOf(arn: string): AuditResource | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const service = parts[2];
  const rest = parts.slice(5).join(':');
  if (service === 'codepipeline') return codePipelineResource(rest);
  if (service === 'codebuild') return kindResource(rest, CODEBUILD_KINDS);
  if (service === 'codestar-connections' || service === 'codeconnections') return kindResource(rest, CONNECTION_KINDS);
  if (service === 'ssm' && rest.startsWith('parameter/')) return named('AWS::SSM::Parameter', rest.slice('parameter/'.length));
  if (service === 'codecommit') return named('AWS::CodeCommit::Repository', rest);
  if (service === 'codestar-notifications') return kindResource(rest, NOTIFICATION_KINDS);
  if (service === 'secretsmanager' && rest.startsWith('secret:')) return named('AWS::SecretsManager::Secret', rest.slice('secret:'.length));
  if (service === 'iam' && rest.startsWith('user/')) {
    const name = rest.slice(rest.lastIndexOf('/') + 1);
    return name === '' || name === '*' ? undefined : { type: 'AWS::IAM::User', name };
  }
  return undefined;
}

function codePipelineResource(rest: string): AuditResource | undefined {
  if (rest.startsWith('webhook:')) return named('AWS::CodePipeline::Webhook', rest.slice('webhook:'.length));
  if (rest.startsWith('actiontype:')) return named('AWS::CodePipeline::CustomActionType', rest.slice('actiontype:'.length));
  return named('AWS::CodePipeline::Pipeline', rest.split('/')[0] ?? '');
}

/** CloudTrail's resource types of CodeBuild's ARN kinds (`project/<name>`, `report-group/<name>`). */
const CODEBUILD_KINDS: Record<string, string> = {
  project: 'AWS::CodeBuild::Project', 'report-group': 'AWS::CodeBuild::ReportGroup', build: 'AWS::CodeBuild::Build',
};

/** CloudTrail's resource types of connection ARN kinds (`connection/<id>`, `host/<name>-<suffix>`). */
const CONNECTION_KINDS: Record<string, string> = { connection: 'AWS::CodeStarConnections::Connection', host: 'AWS::CodeStarConnections::Host' };

/** CloudTrail's resource type of notification rule ARNs (`notificationrule/<id>`). */
const NOTIFICATION_KINDS: Record<string, string> = { notificationrule: 'AWS::CodeStarNotifications::NotificationRule' };

function kindResource(rest: string, kinds: Record<string, string>): AuditResource | undefined {
  const slash = rest.indexOf('/');
  const type = slash > 0 ? kinds[rest.slice(0, slash)] : undefined;
  return type === undefined ? undefined : named(type, rest.slice(slash + 1));
}

function named(type: string, name: string): AuditResource | undefined {
  return name === '' || name === '*' ? undefined : { type, name };
}

/** The distinct resources of `arns`, in order. */
export function auditResourcesOf(arns: readonly string[] = []): AuditResource[] {
  const seen = new Set<string>();
  const resources: AuditResource[] = [];
  for (const arn of arns) {
    const resource = auditResourceOf(arn);
    const key = resource && `${resource.type}\n${resource.name}`;
    if (!resource || key === undefined || seen.has(key)) continue;
    seen.add(key);
    resources.push(resource);
  }
  return resources;
}
