/**
 * SSM Parameter Store use cases, with AWS's rules and wording: put with versions (Overwrite, tags
 * only on create, AllowedPattern, Standard tier, 4 KB values, 100 versions kept), get by name or
 * `name:version`, listing by path and by filters, history and deletion.
 *
 * SecureString values are sealed before they reach the store. Read without decryption, a
 * SecureString shows its sealed form (base64 ciphertext), as AWS shows its KMS ciphertext.
 */
import type { Tag } from '../engine/state.ts';
import { SluiceError } from '../model/errors.ts';
import type { ParameterRecord, ParameterScope, ParameterStore, ParameterType, ParameterVersionRecord } from '../store/secret-ports.ts';
import { decodeListToken, encodeListToken } from './list-token.ts';
import { checkParameterName, parseParameterReference } from './parameter-names.ts';
import type { SecretCrypto } from './secret-crypto.ts';

/** AWS: a Standard parameter value is at most 4 KB; 100 versions are kept. */
export const MAX_STANDARD_VALUE_BYTES = 4096;
export const MAX_VERSIONS = 100;
export const DEFAULT_KEY_ID = 'alias/aws/ssm';

export interface PutParameterRequest {
  name: string;
  value: string;
  type?: ParameterType;
  description?: string;
  allowedPattern?: string;
  keyId?: string;
  overwrite?: boolean;
  tags?: Tag[];
  tier?: string;
  dataType?: string;
  caller: string;
}

/** A parameter version as read: `value` decrypted unless asked otherwise. */
export type ParameterView = ParameterVersionRecord & { selector?: string };

export interface ParameterServiceOptions {
  store: ParameterStore;
  crypto: SecretCrypto;
  /** @default Date.now */
  now?: () => number;
}

/** A filter the store cannot apply: kept or dropped after loading. */
export type ParameterPredicate = (parameter: ParameterRecord) => boolean;

export class ParameterService {
  readonly #store: ParameterStore;
  readonly #crypto: SecretCrypto;
  readonly #now: () => number;

  constructor(options: ParameterServiceOptions) {
    this.#store = options.store;
    this.#crypto = options.crypto;
    this.#now = options.now ?? Date.now;
  }

  async put(request: PutParameterRequest): Promise<{ version: number; tier: string }> {
    checkParameterName(request.name);
    const existing = await this.#store.get(request.name);
    const type = request.type ?? existing?.type;
    if (type === undefined) throw new SluiceError('ValidationException', 'A parameter type is required when you create a parameter.');
    if (request.overwrite && request.tags !== undefined && request.tags.length > 0) {
      throw new SluiceError('ValidationException', 'Invalid request: tags and overwrite can\'t be used together. To create a parameter with tags, ' +
        'please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.');
    }
    const tier = checkTier(request.tier, request.value);
    const dataType = request.dataType ?? 'text';
    if (dataType !== 'text') throw new SluiceError('ValidationException', `Sluice supports the data type text only, not ${dataType}`);
    if (request.keyId !== undefined && type !== 'SecureString') {
      throw new SluiceError('ValidationException', 'KeyId is required for SecureString type parameter only.');
    }
    if (existing && !request.overwrite) throw alreadyExists();
    // An overwrite that omits them keeps the description and the pattern [guess: AWS keeps both].
    const description = request.description ?? existing?.description;
    const allowedPattern = request.allowedPattern ?? existing?.allowedPattern;
    if (allowedPattern !== undefined) checkPattern(allowedPattern, request.value);
    const secure = type === 'SecureString';
    const put = await this.#store.put({
      name: request.name, type, tier, dataType, modifiedAt: this.#now(), modifiedBy: request.caller,
      value: secure ? this.#crypto.seal(request.name, Buffer.from(request.value, 'utf8')) : request.value,
      ...(description !== undefined && { description }),
      ...(allowedPattern !== undefined && { allowedPattern }),
      ...(secure && { keyId: request.keyId ?? existing?.keyId ?? DEFAULT_KEY_ID }),
    }, { overwrite: request.overwrite === true, tags: request.tags ?? [], maxVersions: MAX_VERSIONS });
    if (!put) throw alreadyExists();
    return { version: put.version, tier };
  }

  /** `reference` is a name, `name:version` or a parameter ARN. */
  async get(reference: string, decrypt: boolean): Promise<ParameterView> {
    const { name, version, label, selector } = parseParameterReference(reference);
    // Sluice has no version labels (LabelParameterVersion): a label selects nothing.
    if (label !== undefined) throw new SluiceError('ParameterVersionNotFound', `Systems Manager could not find label ${label} of ${name}.`);
    const found = await this.#store.get(name, version);
    if (!found) {
      if (version !== undefined && await this.#store.get(name)) {
        throw new SluiceError('ParameterVersionNotFound', `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`);
      }
      throw new SluiceError('ParameterNotFound', `Parameter ${name} not found.`);
    }
    return { ...this.reveal(found, decrypt), ...(selector !== undefined && { selector }) };
  }

  /** Each reference's parameter, and the references that found none. */
  async getMany(references: readonly string[], decrypt: boolean): Promise<{ found: ParameterView[]; invalid: string[] }> {
    const found: ParameterView[] = [];
    const invalid: string[] = [];
    for (const reference of new Set(references)) {
      try {
        found.push(await this.get(reference, decrypt));
      } catch (e) {
        if (!(e instanceof SluiceError) || !['ParameterNotFound', 'ParameterVersionNotFound', 'ValidationException'].includes(e.code)) throw e;
        invalid.push(reference);
      }
    }
    return { found, invalid };
  }

  /**
   * One page of parameters in `scope` that pass `keep`, by name ascending: loads in batches until
   * the page is full, so filters the store does not know still page correctly.
   */
  async list(scope: ParameterScope, keep: ParameterPredicate, page: { maxResults: number; nextToken?: string }, errorCode: 'InvalidNextToken'): Promise<{ items: ParameterRecord[]; nextToken?: string }> {
    let after = page.nextToken === undefined ? undefined : decodeListToken<string>('parameters', page.nextToken, 'string', errorCode);
    const items: ParameterRecord[] = [];
    for (;;) {
      const batch = await this.#store.list(scope, { limit: 100, ...(after !== undefined && { after }) });
      for (const parameter of batch) {
        if (items.length === page.maxResults) return { items, nextToken: encodeListToken('parameters', after ?? '') };
        after = parameter.name;
        if (keep(parameter)) items.push(parameter);
      }
      if (batch.length < 100) return { items };
    }
  }

  async history(name: string, decrypt: boolean, page: { maxResults: number; nextToken?: string }): Promise<{ items: ParameterView[]; nextToken?: string }> {
    if (!await this.#store.get(name)) throw new SluiceError('ParameterNotFound', `Parameter ${name} not found.`);
    const afterVersion = page.nextToken === undefined ? 0 : decodeListToken<number>('history', page.nextToken, 'number', 'InvalidNextToken');
    const rows = await this.#store.history(name, { afterVersion, limit: page.maxResults + 1 });
    const items = rows.slice(0, page.maxResults).map((v) => this.reveal(v, decrypt));
    const last = items.at(-1);
    return rows.length > page.maxResults && last ? { items, nextToken: encodeListToken('history', last.version) } : { items };
  }

  async delete(name: string): Promise<void> {
    if (!await this.#store.delete(name)) throw new SluiceError('ParameterNotFound', `Parameter ${name} not found.`);
  }

  async deleteMany(names: readonly string[]): Promise<{ deleted: string[]; invalid: string[] }> {
    const deleted: string[] = [];
    const invalid: string[] = [];
    for (const name of new Set(names)) (await this.#store.delete(name) ? deleted : invalid).push(name);
    return { deleted, invalid };
  }

  /** The record with its value decrypted when `decrypt` (SecureString only; others are plain). */
  reveal<T extends ParameterVersionRecord>(record: T, decrypt: boolean): T {
    if (record.type !== 'SecureString' || !decrypt) return record;
    return { ...record, value: this.#crypto.open(record.name, record.value).toString('utf8') };
  }
}

function alreadyExists(): SluiceError {
  return new SluiceError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
}

/** Standard only; Intelligent-Tiering picks Standard, as AWS does for a value that fits it. */
function checkTier(tier: string | undefined, value: string): string {
  if (tier === 'Advanced') throw new SluiceError('ValidationException', 'Sluice serves the Standard parameter tier only; Advanced parameters are not supported.');
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_STANDARD_VALUE_BYTES) {
    throw new SluiceError('ValidationException', `Standard tier parameters support a maximum parameter value of ${MAX_STANDARD_VALUE_BYTES} characters. ` +
      `To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.`);
  }
  return 'Standard';
}

function checkPattern(pattern: string, value: string): void {
  let regex: RegExp;
  try {
    // The whole value must match, as Java's `matches` (AWS's engine) requires.
    regex = new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    throw new SluiceError('InvalidAllowedPatternException', `The allowed pattern ${pattern} is not a valid regular expression.`);
  }
  if (!regex.test(value)) {
    throw new SluiceError('ParameterPatternMismatchException', `Parameter value, cannot be validated against allowedPattern: ${pattern}`);
  }
}
