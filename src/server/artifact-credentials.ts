/**
 * Temporary credentials for job workers' artifact access: PollForJobs and GetJobDetails hand each
 * worker an `artifactCredentials` triple (ASIA… access key id, secret, session token) with which
 * it downloads its input zips and uploads its output zips at their `s3Location`s, SigV4-signed
 * with the session token, as against AWS.
 *
 * Policy. Every set belongs to one system user, `sluice-artifacts`, created on first use. Its
 * inline policy `ArtifactAccess` allows reading and writing objects (s3:GetObject, s3:PutObject,
 * s3:HeadObject, the multipart upload actions) and listing (s3:ListBucket) in the artifact buckets
 * of the jobs handed out so far, and nothing else — no CodePipeline call, no other bucket. A
 * bucket joins the policy the first time a job using it is handed out; the policy only grows.
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
export const ARTIFACT_POLICY = 'ArtifactAccess';

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

/** The `ArtifactAccess` policy document for these buckets (bucket ARNs and their objects). */
export function artifactPolicy(buckets: readonly string[]): string {
  const resources = [...buckets].sort().flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]);
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'JobArtifacts', Effect: 'Allow', Action: ACTIONS, Resource: resources }] });
}

/** The buckets a stored `ArtifactAccess` document covers. */
function bucketsOf(document: string | undefined): string[] {
  if (document === undefined) return [];
  const parsed = JSON.parse(document) as { Statement?: { Resource?: string[] }[] };
  return (parsed.Statement?.[0]?.Resource ?? []).filter((r) => !r.endsWith('/*')).map((r) => r.slice('arn:aws:s3:::'.length));
}

export function makeArtifactCredentials(options: ArtifactCredentialsOptions): ArtifactCredentialMinter {
  const { store, accountId } = options;
  const clock = options.clock ?? systemClock;
  const ttlMs = options.ttlMs ?? 60 * 60_000;
  let known: Set<string> | undefined;
  // Policy changes are read-modify-write: one at a time within this process.
  let pending: Promise<void> = Promise.resolve();

  async function grant(buckets: readonly string[]): Promise<void> {
    if (known && buckets.every((b) => known?.has(b))) return;
    await store.identity.createUser({
      userName: ARTIFACT_USER, userId: `AIDA${randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase()}`,
      arn: `arn:aws:iam::${accountId}:user/${ARTIFACT_USER}`, createdAt: clock.now(),
    });
    // Start from the stored policy, which another process sharing the database may have extended.
    const stored = (await store.identity.listUserPolicies(ARTIFACT_USER)).find((p) => p.policyName === ARTIFACT_POLICY);
    const all = new Set([...bucketsOf(stored?.document), ...buckets]);
    if (all.size > 0 && [...all].some((b) => !bucketsOf(stored?.document).includes(b))) {
      await store.identity.putUserPolicy({ userName: ARTIFACT_USER, policyName: ARTIFACT_POLICY, document: artifactPolicy([...all]) });
    }
    known = all;
  }

  return {
    async mint(buckets) {
      const granted = pending.then(() => grant(buckets));
      pending = granted.catch(() => undefined);
      await granted;
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
