/**
 * Temporary credentials for job workers' artifact access: PollForJobs and GetJobDetails hand each
 * worker an `artifactCredentials` triple (ASIA… access key id, secret, session token) with which
 * it downloads its input zips and uploads its output zips at their `s3Location`s, SigV4-signed
 * with the session token, as against AWS.
 *
 * Policy. Every set belongs to one system user, `sluice-artifacts`, created on first use. Its
 * inline policies `ArtifactAccess-<bucket>` allow reading and writing objects (s3:GetObject,
 * s3:PutObject, s3:HeadObject, the multipart upload actions) and listing (s3:ListBucket) in the
 * artifact buckets of the jobs handed out so far, and nothing else — no CodePipeline call, no
 * other bucket. A bucket gets its policy the first time a job using it is handed out. One policy
 * per bucket, written whole, means processes sharing a database never overwrite each other's
 * grants (a single growing document would be a read-modify-write race between them).
 * Each set expires after `ttlMs` (1 hour, as AWS's job credentials); expired keys are refused by
 * authentication at once and deleted by the sweeper (`makeExpiredKeySweeper`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ArtifactCredentials } from '../api/codepipeline/context.ts';
import type { Logger } from '../logging.ts';
import { Loop } from '../scheduler/loop.ts';
import { systemClock, type Clock } from '../scheduler/system.ts';
import type { Store } from '../store/ports.ts';
import { newAccessKeyId, newSecretAccessKey } from './bootstrap.ts';

export const ARTIFACT_USER = 'sluice-artifacts';
const POLICY_PREFIX = 'ArtifactAccess-';

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:HeadObject', 's3:ListBucket', 's3:*MultipartUpload*'];

export interface ArtifactCredentialsOptions {
  store: Store;
  accountId: string;
  /** How long a set of credentials is valid. @default 3600000 (1 hour) */
  ttlMs?: number;
  /** @default the system clock */
  clock?: Clock;
}

export interface ArtifactCredentialMinter {
  /** A fresh set for the given buckets, which join the artifact user's policy if new. */
  mint(buckets: readonly string[]): Promise<ArtifactCredentials & { expiresAt: number }>;
  /** Deletes every temporary key that has expired; returns how many. */
  deleteExpired(): Promise<number>;
}

/** The policy document for one artifact bucket (the bucket's ARN and its objects). */
function artifactPolicy(bucket: string): string {
  const resources = [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`];
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'JobArtifacts', Effect: 'Allow', Action: ACTIONS, Resource: resources }] });
}

export function makeArtifactCredentials(options: ArtifactCredentialsOptions): ArtifactCredentialMinter {
  const { store, accountId } = options;
  const clock = options.clock ?? systemClock;
  const ttlMs = options.ttlMs ?? 60 * 60_000;
  /** Buckets whose policy this process has written or found. */
  const granted = new Set<string>();
  let userExists = false;

  async function grant(buckets: readonly string[]): Promise<void> {
    if (!userExists) {
      await store.identity.createUser({
        userName: ARTIFACT_USER, userId: `AIDA${randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase()}`,
        arn: `arn:aws:iam::${accountId}:user/${ARTIFACT_USER}`, createdAt: clock.now(),
      });
      userExists = true;
    }
    // Writing the same whole document twice is harmless, so concurrent grants need no lock.
    for (const bucket of new Set(buckets.filter((b) => !granted.has(b)))) {
      await store.identity.putUserPolicy({ userName: ARTIFACT_USER, policyName: `${POLICY_PREFIX}${bucket}`, document: artifactPolicy(bucket) });
      granted.add(bucket);
    }
  }

  return {
    async mint(buckets) {
      await grant(buckets);
      const now = clock.now();
      const credentials = {
        accessKeyId: newAccessKeyId('ASIA'), secretAccessKey: newSecretAccessKey(),
        sessionToken: randomBytes(96).toString('base64'), expiresAt: now + ttlMs,
      };
      await store.identity.createAccessKey({ ...credentials, userName: ARTIFACT_USER, status: 'Active', createdAt: now });
      return credentials;
    },
    deleteExpired: () => store.identity.deleteExpiredKeys(clock.now()),
  };
}

/** Deletes expired temporary keys every `intervalMs` (default 10 minutes). */
export function makeExpiredKeySweeper(minter: ArtifactCredentialMinter, logger: Logger, intervalMs = 10 * 60_000): Loop {
  return new Loop('expired-key-sweeper', async () => {
    const deleted = await minter.deleteExpired();
    if (deleted > 0) logger.debug({ deleted }, 'expired temporary access keys deleted');
    return intervalMs;
  }, logger);
}
