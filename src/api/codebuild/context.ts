/**
 * What CodeBuild operations share: the store, the account, the clock and id source, and the ARNs
 * of CodeBuild resources (projects, builds, report groups, reports) as AWS spells them.
 */
import { SluiceError } from '../../model/errors.ts';
import type { Store } from '../../store/ports.ts';

export interface CodeBuildApi {
  store: Store;
  accountId: string;
  /** @default Date.now */
  now(): number;
  /** A lowercase UUIDv4 (build and report ids). */
  uuid(): string;
  /** A build was queued or asked to stop: the build worker should look now. @default nothing */
  buildsChanged?(): void;
}

export function projectArn(region: string, accountId: string, name: string): string {
  return `arn:aws:codebuild:${region}:${accountId}:project/${name}`;
}

export function buildArn(region: string, accountId: string, id: string): string {
  return `arn:aws:codebuild:${region}:${accountId}:build/${id}`;
}

export function reportGroupArn(region: string, accountId: string, name: string): string {
  return `arn:aws:codebuild:${region}:${accountId}:report-group/${name}`;
}

export function reportArn(region: string, accountId: string, groupName: string, id: string): string {
  return `arn:aws:codebuild:${region}:${accountId}:report/${groupName}:${id}`;
}

const ARN = /^arn:aws:codebuild:[^:]*:[^:]*:(project|build|report-group|report)\/(.+)$/;

/** The name or id inside a CodeBuild ARN of `kind`; a value that is no ARN is returned as it is. */
export function resourceIdOf(value: string, kind: 'project' | 'build' | 'report-group' | 'report'): string {
  const match = ARN.exec(value);
  return match && match[1] === kind ? match[2] ?? value : value;
}

/** The project a build id (`<project>:<uuid>`) or build ARN belongs to. */
export function projectOfBuild(idOrArn: string): string {
  const id = resourceIdOf(idOrArn, 'build');
  const colon = id.lastIndexOf(':');
  return colon > 0 ? id.slice(0, colon) : id;
}

/** The report group name of a report ARN (`report/<group>:<uuid>`). */
export function groupOfReport(arn: string): string {
  const id = resourceIdOf(arn, 'report');
  const colon = id.lastIndexOf(':');
  return colon > 0 ? id.slice(0, colon) : id;
}

export function invalidInput(message: string): SluiceError {
  return new SluiceError('InvalidInputException', message);
}

/** Drops undefined members so JSON never carries them. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Epoch seconds with milliseconds as the fraction, as the AWS JSON protocol sends timestamps. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}
