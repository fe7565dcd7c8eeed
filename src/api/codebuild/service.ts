/**
 * The CodeBuild service on the AWS JSON dispatcher: its API model (the operations Sluice serves),
 * its operations table, and the resource each operation is authorized against. As on AWS, builds
 * authorize against their project's ARN, reports against their report group's ARN, and list
 * operations that span projects against `*`.
 */
import { readFileSync } from 'node:fs';
import type { AwsJsonService } from '../aws-json/operation.ts';
import type { ServiceModel } from '../aws-json/shape-validator.ts';
import { buildOperations } from './builds.ts';
import { groupOfReport, projectArn, projectOfBuild, reportGroupArn, resourceIdOf, type CodeBuildApi } from './context.ts';
import { projectOperations } from './projects.ts';
import { reportOperations } from './reports.ts';

/** CodeBuild's API model (documentation stripped), API version 2016-10-06, served operations only. */
export const CODEBUILD_MODEL = JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as ServiceModel;

type Input = Record<string, unknown>;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Every ARN an operation's input names, for IAM; duplicates removed. */
export function codeBuildResourceArns(operation: string, input: Input, scope: { region: string; accountId: string }): string[] {
  const project = (name: string): string => projectArn(scope.region, scope.accountId, resourceIdOf(name, 'project'));
  const ofBuild = (id: string): string => projectArn(scope.region, scope.accountId, projectOfBuild(id));
  const group = (arn: string): string => (arn.startsWith('arn:') ? arn : reportGroupArn(scope.region, scope.accountId, arn));
  const ofReport = (arn: string): string => reportGroupArn(scope.region, scope.accountId, groupOfReport(arn));
  const one = (value: unknown, to: (v: string) => string): string[] => (typeof value === 'string' ? [to(value)] : ['*']);
  const arns = ((): string[] => {
    switch (operation) {
      case 'CreateProject': case 'UpdateProject': case 'DeleteProject': return one(input.name, project);
      case 'StartBuild': case 'ListBuildsForProject': return one(input.projectName, project);
      case 'BatchGetProjects': return strings(input.names).map(project);
      case 'StopBuild': case 'RetryBuild': return one(input.id, ofBuild);
      case 'BatchGetBuilds': case 'BatchDeleteBuilds': return strings(input.ids).map(ofBuild);
      case 'CreateReportGroup': return one(input.name, (name) => reportGroupArn(scope.region, scope.accountId, name));
      case 'DeleteReportGroup': return one(input.arn, group);
      case 'ListReportsForReportGroup': return one(input.reportGroupArn, group);
      case 'BatchGetReportGroups': return strings(input.reportGroupArns).map(group);
      case 'BatchGetReports': return strings(input.reportArns).map(ofReport);
      case 'DescribeTestCases': return one(input.reportArn, ofReport);
      default: return ['*'];
    }
  })();
  return arns.length === 0 ? ['*'] : [...new Set(arns)];
}

export function codeBuildService(api: CodeBuildApi): AwsJsonService {
  return {
    targetPrefix: CODEBUILD_MODEL.metadata.targetPrefix,
    iamPrefix: 'codebuild',
    signingName: 'codebuild',
    model: CODEBUILD_MODEL,
    operations: { ...projectOperations(api), ...buildOperations(api), ...reportOperations(api) },
    resourceArns: codeBuildResourceArns,
  };
}
