/**
 * A stored build in CodeBuild's `Build` shape: phases with epoch-second times, the resolved
 * start request's source, artifacts and environment, the CloudWatch-style log location (group
 * `/aws/codebuild/<project>`, stream = the build's uuid, served by the Logs API), and the results
 * once the build is complete.
 */
import type { BuildRecord } from '../../store/build-ports.ts';
import { compact, epochSeconds } from './context.ts';

type Json = Record<string, unknown>;

/** The log group and stream of a build, as CodeBuild names them in CloudWatch Logs. */
export function buildLogLocation(build: Pick<BuildRecord, 'id' | 'projectName'>): { groupName: string; streamName: string } {
  return { groupName: `/aws/codebuild/${build.projectName}`, streamName: build.id.slice(build.id.lastIndexOf(':') + 1) };
}

function artifactsWire(artifacts: Json | undefined, location: string | undefined): Json {
  return compact({
    location: location ?? '',
    artifactIdentifier: artifacts?.artifactIdentifier,
    encryptionDisabled: artifacts?.encryptionDisabled,
    overrideArtifactName: artifacts?.overrideArtifactName,
  });
}

export function buildWire(build: BuildRecord, region: string): object {
  const request = build.request;
  const results = build.results;
  const { groupName, streamName } = buildLogLocation(build);
  const secondaryArtifacts = ((request.secondaryArtifacts ?? []) as Json[])
    .map((a) => artifactsWire(a, results?.artifacts[String(a.artifactIdentifier)]?.location));
  return compact({
    id: build.id,
    arn: build.arn,
    buildNumber: build.buildNumber,
    startTime: epochSeconds(build.startTime),
    endTime: build.endTime === undefined ? undefined : epochSeconds(build.endTime),
    currentPhase: build.currentPhase,
    buildStatus: build.buildStatus,
    sourceVersion: request.sourceVersion,
    resolvedSourceVersion: results?.resolvedSourceVersion,
    projectName: build.projectName,
    phases: build.phases.map((p) => compact({
      phaseType: p.phaseType, phaseStatus: p.phaseStatus, startTime: epochSeconds(p.startTime),
      endTime: p.endTime === undefined ? undefined : epochSeconds(p.endTime), durationInSeconds: p.durationInSeconds,
      contexts: p.phaseStatus === undefined ? undefined : p.contexts,
    })),
    source: request.source,
    secondarySources: request.secondarySources,
    secondarySourceVersions: request.secondarySourceVersions,
    artifacts: artifactsWire(request.artifacts as Json | undefined, results?.artifacts['']?.location),
    secondaryArtifacts,
    cache: request.cache,
    environment: request.environment,
    serviceRole: request.serviceRole,
    logs: {
      groupName, streamName,
      deepLink: `https://console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${encodeURIComponent(groupName)}/log-events/${streamName}`,
      cloudWatchLogsArn: `arn:aws:logs:${region}:${build.arn.split(':')[4]}:log-group:${groupName}:log-stream:${streamName}`,
      cloudWatchLogs: { status: 'ENABLED', groupName, streamName },
    },
    timeoutInMinutes: request.timeoutInMinutes,
    queuedTimeoutInMinutes: request.queuedTimeoutInMinutes,
    buildComplete: build.queueState === 'Finished',
    initiator: build.initiator,
    encryptionKey: request.encryptionKey,
    exportedEnvironmentVariables: results
      ? Object.entries(results.exportedVariables).map(([name, value]) => ({ name, value }))
      : undefined,
    reportArns: results?.reportArns ?? [],
    debugSession: request.debugSessionEnabled === undefined ? undefined : { sessionEnabled: request.debugSessionEnabled === true },
  });
}
