/**
 * Secrets Manager use cases, with AWS's rules and wording: create (idempotent on
 * ClientRequestToken), read by name or ARN and by version id or staging label, new versions
 * (AWSCURRENT moves, the old one becomes AWSPREVIOUS), update, listing, scheduled deletion
 * (7–30 days, or at once) and restore.
 *
 * Values are sealed before they reach the store. A secret whose deletion date has passed is
 * removed the first time anything looks it up (no background sweeper is needed for that).
 */
import type { Tag } from '../engine/state.ts';
import { SluiceError } from '../model/errors.ts';
import { SecretStage, type SecretRecord, type SecretStore, type SecretVersionRecord } from '../store/secret-ports.ts';
import type { SecretCrypto } from './secret-crypto.ts';
import { parseSecretId } from './secret-names.ts';

const DAY_MS = 86_400_000;
/** AWS keeps about 100 versions; unlabelled ones beyond that are dropped. */
export const MAX_SECRET_VERSIONS = 100;

export type SecretValue = { kind: 'string'; text: string } | { kind: 'binary'; bytes: Buffer };

export interface SecretServiceOptions {
  store: SecretStore;
  crypto: SecretCrypto;
  /** 6 random characters for a new secret's ARN. */
  newSuffix(): string;
  /** A version id when the caller sends no ClientRequestToken. */
  newVersionId(): string;
  /** @default Date.now */
  now?: () => number;
}

export const notFound = (): SluiceError => new SluiceError('ResourceNotFoundException', 'Secrets Manager can\'t find the specified secret.');
const markedForDeletion = (): SluiceError => new SluiceError('InvalidRequestException',
  'You can\'t perform this operation on the secret because it was marked for deletion.');

export class SecretService {
  readonly #store: SecretStore;
  readonly #crypto: SecretCrypto;
  readonly #options: SecretServiceOptions;
  readonly #now: () => number;

  constructor(options: SecretServiceOptions) {
    this.#store = options.store;
    this.#crypto = options.crypto;
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async create(request: { name: string; value?: SecretValue; token?: string; description?: string; kmsKeyId?: string; tags?: Tag[] }): Promise<{ secret: SecretRecord; versionId?: string }> {
    checkSecretName(request.name);
    const existing = await this.find(request.name);
    const versionId = request.value ? request.token ?? this.#options.newVersionId() : undefined;
    if (existing) {
      if (existing.deletionDate !== undefined) {
        throw new SluiceError('InvalidRequestException', 'You can\'t create this secret because a secret with this name is already scheduled for deletion.');
      }
      // A retried create (same token, same value) answers as the first one did.
      if (versionId !== undefined && request.value && await this.#sameVersion(existing.name, versionId, request.value)) return { secret: existing, versionId };
      throw new SluiceError('ResourceExistsException', `The operation failed because the secret ${request.name} already exists.`);
    }
    const created = await this.#store.create({
      name: request.name, suffix: this.#options.newSuffix(), tags: request.tags ?? [],
      ...(request.description !== undefined && { description: request.description }),
      ...(request.kmsKeyId !== undefined && { kmsKeyId: request.kmsKeyId }),
      ...(request.value && versionId !== undefined && { firstVersion: this.#seal(request.name, versionId, request.value, [SecretStage.Current]) }),
    }, this.#now());
    if (!created) throw new SluiceError('ResourceExistsException', `The operation failed because the secret ${request.name} already exists.`);
    return { secret: await this.require(request.name), ...(versionId !== undefined && { versionId }) };
  }

  /** The secret `secretId` (name or ARN) names, live or scheduled for deletion; undefined when none. */
  async find(secretId: string): Promise<SecretRecord | undefined> {
    for (const candidate of parseSecretId(secretId)) {
      const secret = await this.#store.get(candidate.name);
      if (!secret || (candidate.suffix !== undefined && candidate.suffix !== secret.suffix)) continue;
      if (secret.deletionDate !== undefined && secret.deletionDate <= this.#now()) {
        await this.#store.delete(secret.name);
        continue;
      }
      return secret;
    }
    return undefined;
  }

  async require(secretId: string): Promise<SecretRecord> {
    const secret = await this.find(secretId);
    if (!secret) throw notFound();
    return secret;
  }

  /** The value of the selected version (default AWSCURRENT); refused while deletion is scheduled. */
  async getValue(secretId: string, selector: { versionId?: string; stage?: string }): Promise<{ secret: SecretRecord; version: SecretVersionRecord; value: SecretValue }> {
    const secret = await this.require(secretId);
    if (secret.deletionDate !== undefined) throw markedForDeletion();
    const stage = selector.stage ?? (selector.versionId === undefined ? SecretStage.Current : undefined);
    const version = await this.#store.getVersion(secret.name, { ...selector, ...(stage !== undefined && { stage }) });
    if (!version) {
      throw new SluiceError('ResourceNotFoundException', selector.versionId === undefined
        ? `Secrets Manager can't find the specified secret value for staging label: ${stage ?? ''}`
        : `Secrets Manager can't find the specified secret value for VersionId: ${selector.versionId}`);
    }
    const now = this.#now();
    await this.#store.recordAccess(secret.name, now - (now % DAY_MS));
    const plain = this.#crypto.open(secret.name, version.ciphertext);
    return { secret, version, value: version.kind === 'string' ? { kind: 'string', text: plain.toString('utf8') } : { kind: 'binary', bytes: plain } };
  }

  /** A new version; idempotent for a repeated token with the same value. */
  async putValue(secretId: string, value: SecretValue, options: { token?: string; stages?: string[] }): Promise<{ secret: SecretRecord; versionId: string; stages: string[] }> {
    const secret = await this.require(secretId);
    if (secret.deletionDate !== undefined) throw markedForDeletion();
    const versionId = options.token ?? this.#options.newVersionId();
    const stages = options.stages ?? [SecretStage.Current];
    if (await this.#sameVersion(secret.name, versionId, value)) return { secret, versionId, stages };
    const put = await this.#store.putVersion(secret.name, this.#seal(secret.name, versionId, value, stages), this.#now(), MAX_SECRET_VERSIONS);
    if (!put) throw new SluiceError('ResourceExistsException', 'You can\'t modify an existing version, you can only create a new version.');
    return { secret, versionId, stages };
  }

  async update(secretId: string, change: { description?: string; kmsKeyId?: string; value?: SecretValue; token?: string }): Promise<{ secret: SecretRecord; versionId?: string }> {
    const secret = await this.require(secretId);
    if (secret.deletionDate !== undefined) throw markedForDeletion();
    await this.#store.update(secret.name, {
      ...(change.description !== undefined && { description: change.description }),
      ...(change.kmsKeyId !== undefined && { kmsKeyId: change.kmsKeyId }),
    }, this.#now());
    if (!change.value) return { secret: await this.require(secret.name) };
    const { versionId } = await this.putValue(secret.name, change.value, { ...(change.token !== undefined && { token: change.token }) });
    return { secret: await this.require(secret.name), versionId };
  }

  /** Schedules deletion (7–30 days, default 30) or deletes at once with `force`. */
  async delete(secretId: string, options: { recoveryWindowInDays?: number; force?: boolean }): Promise<{ secret: SecretRecord; deletionDate: number }> {
    if (options.force && options.recoveryWindowInDays !== undefined) {
      throw new SluiceError('InvalidParameterException', 'You can\'t use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.');
    }
    const days = options.recoveryWindowInDays ?? 30;
    if (!options.force && (!Number.isInteger(days) || days < 7 || days > 30)) {
      throw new SluiceError('InvalidParameterException', 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
    }
    const secret = await this.require(secretId);
    const now = this.#now();
    if (options.force) {
      await this.#store.delete(secret.name);
      return { secret, deletionDate: now };
    }
    if (secret.deletionDate !== undefined) throw markedForDeletion();
    const deletionDate = now + days * DAY_MS;
    await this.#store.scheduleDeletion(secret.name, { deletedAt: now, deletionDate });
    return { secret, deletionDate };
  }

  async restore(secretId: string): Promise<SecretRecord> {
    const secret = await this.require(secretId);
    await this.#store.scheduleDeletion(secret.name, undefined);
    return secret;
  }

  /** One batch of secrets by name ascending after `after` (expired deletions dropped); `more` when the store had a full batch. */
  async listBatch(after: string | undefined, limit: number): Promise<{ items: SecretRecord[]; more: boolean }> {
    const rows = await this.#store.list({ limit, ...(after !== undefined && { after }) });
    const now = this.#now();
    for (const gone of rows.filter((s) => s.deletionDate !== undefined && s.deletionDate <= now)) await this.#store.delete(gone.name);
    return { items: rows.filter((s) => s.deletionDate === undefined || s.deletionDate > now), more: rows.length === limit };
  }

  #seal(name: string, versionId: string, value: SecretValue, stages: string[]) {
    const bytes = value.kind === 'string' ? Buffer.from(value.text, 'utf8') : value.bytes;
    return { versionId, kind: value.kind, ciphertext: this.#crypto.seal(name, bytes), stages };
  }

  /** True when the version exists with this value; ResourceExistsException when it exists with another. */
  async #sameVersion(name: string, versionId: string, value: SecretValue): Promise<boolean> {
    const existing = await this.#store.getVersion(name, { versionId });
    if (!existing) return false;
    const bytes = value.kind === 'string' ? Buffer.from(value.text, 'utf8') : value.bytes;
    if (existing.kind === value.kind && this.#crypto.open(name, existing.ciphertext).equals(bytes)) return true;
    throw new SluiceError('ResourceExistsException', 'You can\'t modify an existing version, you can only create a new version.');
  }
}

/** AWS's secret name rules: 1–512 of letters, digits and `/_+=.@-`. */
export function checkSecretName(name: string): void {
  if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) {
    throw new SluiceError('ValidationException', 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
  }
}
