/**
 * Which bus events a console user may see: each event is shown when the user may call the read
 * operation that would show the same thing through the API —
 *
 * | source            | action                        | resource                               |
 * |-------------------|-------------------------------|----------------------------------------|
 * | `aws.codepipeline`| `codepipeline:GetPipelineState`| the pipeline's ARN                     |
 * | `aws.codebuild`   | `codebuild:BatchGetBuilds`    | the build's project ARN                |
 * | `aws.codedeploy`  | `codedeploy:GetDeployment`    | the deployment group's ARN (else the first resource) |
 * | `aws.codecommit`  | `codecommit:GetRepository`    | the repository's ARN                   |
 *
 * Events of other sources (PutEvents' custom events, S3 object writes) are not shown: nothing
 * says who may read them. Decisions are remembered per stream for `ttlMs`, so a busy pipeline's
 * events cost one policy evaluation per resource and window, and a policy change shows within it.
 */
import type { BusEvent } from '../model/events/envelope.ts';

/** The read an event stands for; undefined for events the console never shows. */
export function readAccessOf(event: BusEvent): { action: string; resource: string } | undefined {
  const detail = event.detail as Record<string, unknown>;
  const first = event.resources[0];
  switch (event.source) {
    case 'aws.codepipeline': {
      const pipeline = typeof detail.pipeline === 'string' ? `arn:aws:codepipeline:${event.region}:${event.account}:${detail.pipeline}` : first;
      return pipeline === undefined ? undefined : { action: 'codepipeline:GetPipelineState', resource: pipeline };
    }
    case 'aws.codebuild': {
      const project = detail['project-name'];
      return typeof project === 'string' ? { action: 'codebuild:BatchGetBuilds', resource: `arn:aws:codebuild:${event.region}:${event.account}:project/${project}` } : undefined;
    }
    case 'aws.codedeploy': {
      const resource = event.resources.find((arn) => arn.includes(':deploymentgroup:')) ?? first;
      return resource === undefined ? undefined : { action: 'codedeploy:GetDeployment', resource };
    }
    case 'aws.codecommit':
      return first === undefined ? undefined : { action: 'codecommit:GetRepository', resource: first };
    default:
      return undefined;
  }
}

export interface EventVisibilityOptions {
  /** Resolves when allowed; rejects (AccessDeniedException) when not. */
  authorize(action: string, resource: string): Promise<void>;
  /** @default 30000 */
  ttlMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/** Decisions to keep per stream; far more resources than one person watches. */
const MAX_DECISIONS = 1000;

/** One stream's filter: whether its user may see an event, decisions cached for a short time. */
export function makeEventVisibility(options: EventVisibilityOptions): (event: BusEvent) => Promise<boolean> {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const decisions = new Map<string, { allowed: boolean; until: number }>();
  return async (event) => {
    const access = readAccessOf(event);
    if (!access) return false;
    const key = `${access.action} ${access.resource}`;
    const cached = decisions.get(key);
    if (cached && cached.until > now()) return cached.allowed;
    const allowed = await options.authorize(access.action, access.resource).then(() => true, () => false);
    decisions.delete(key);
    if (decisions.size >= MAX_DECISIONS) decisions.delete(decisions.keys().next().value ?? '');
    decisions.set(key, { allowed, until: now() + ttlMs });
    return allowed;
  };
}
