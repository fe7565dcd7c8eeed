/**
 * Validates a decoded request against the service's own API model (the same shapes AWS's SDKs
 * are generated from), so every operation checks required members, types, lengths, ranges,
 * patterns and enums exactly as AWS declares them, with AWS's message style:
 *
 *   2 validation errors detected: Value 'my pipe' at 'name' failed to satisfy constraint: Member
 *   must satisfy regular expression pattern: [A-Za-z0-9.@\-_]+; Value null at 'stageName' …
 *
 * A value of the wrong JSON type is a SerializationException, as AWS's deserializer reports it;
 * members the model does not know are ignored, as AWS does.
 */
import { SluiceError } from '../../model/errors.ts';
import { timestampMs } from './timestamp.ts';

export interface ShapeModel {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob' | 'double' | 'float';
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
}

export interface ServiceModel {
  metadata: { targetPrefix: string; serviceId: string; jsonVersion?: string };
  operations: Record<string, { name: string; input?: { shape: string }; output?: { shape: string } }>;
  shapes: Record<string, ShapeModel>;
}

const patternCache = new Map<string, RegExp | null>();

function compiledPattern(pattern: string): RegExp | null {
  let compiled = patternCache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      try {
        compiled = new RegExp(`^(?:${pattern})$`);
      } catch {
        compiled = null; // A pattern JavaScript cannot express is not enforced.
      }
    }
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

function show(value: unknown, sensitive: boolean): string {
  if (sensitive) return `'***'`;
  if (typeof value === 'string') return `'${value.length > 200 ? `${value.slice(0, 200)}…` : value}'`;
  return `'${JSON.stringify(value)}'`;
}

class Walker {
  readonly violations: string[] = [];
  private readonly model: ServiceModel;
  /** Top-level members that are checked for presence only. */
  private readonly skip: ReadonlySet<string>;

  constructor(model: ServiceModel, skip: ReadonlySet<string>) {
    this.model = model;
    this.skip = skip;
  }

  private fail(value: unknown, path: string, constraint: string, sensitive = false): void {
    this.violations.push(`Value ${show(value, sensitive)} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  private typeError(path: string, expected: string): never {
    throw new SluiceError('SerializationException', `Expected ${expected} at '${path || 'input'}'`);
  }

  walk(shapeName: string, value: unknown, path: string): void {
    const shape = this.model.shapes[shapeName];
    if (!shape || value === undefined || value === null) return;
    switch (shape.type) {
      case 'structure': return this.structure(shape, value, path);
      case 'list': return this.list(shape, value, path);
      case 'map': return this.map(shape, value, path);
      case 'string': return this.string(shape, value, path);
      case 'integer': case 'long': case 'double': case 'float': return this.number(shape, value, path);
      case 'boolean': if (typeof value !== 'boolean') this.typeError(path, 'a boolean'); return;
      case 'timestamp': if (Number.isNaN(timestampMs(value))) this.typeError(path, 'a timestamp (epoch seconds, or ISO 8601)'); return;
      case 'blob': if (typeof value !== 'string') this.typeError(path, 'a base64 string'); return;
    }
  }

  private structure(shape: ShapeModel, value: unknown, path: string): void {
    if (typeof value !== 'object' || Array.isArray(value)) this.typeError(path, 'an object');
    const record = value as Record<string, unknown>;
    for (const name of shape.required ?? []) {
      if (record[name] === undefined || record[name] === null) {
        this.violations.push(`Value null at '${path ? `${path}.` : ''}${name}' failed to satisfy constraint: Member must not be null`);
      }
    }
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      if (path === '' && this.skip.has(name)) continue;
      this.walk(member.shape, record[name], path ? `${path}.${name}` : name);
    }
  }

  private list(shape: ShapeModel, value: unknown, path: string): void {
    if (!Array.isArray(value)) this.typeError(path, 'a list');
    this.size(shape, value, value.length, path);
    value.forEach((item, i) => this.walk(shape.member?.shape ?? '', item, `${path}.${i + 1}.member`));
  }

  private map(shape: ShapeModel, value: unknown, path: string): void {
    if (typeof value !== 'object' || Array.isArray(value)) this.typeError(path, 'a map');
    const entries = Object.entries(value as Record<string, unknown>);
    this.size(shape, value, entries.length, path);
    for (const [key, item] of entries) {
      this.walk(shape.key?.shape ?? '', key, `${path}.key`);
      this.walk(shape.value?.shape ?? '', item, `${path}.${key}`);
    }
  }

  private size(shape: ShapeModel, value: unknown, size: number, path: string): void {
    if (shape.min !== undefined && size < shape.min) this.fail(value, path, `Member must have length greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && size > shape.max) this.fail(value, path, `Member must have length less than or equal to ${shape.max}`);
  }

  private string(shape: ShapeModel, value: unknown, path: string): void {
    if (typeof value !== 'string') this.typeError(path, 'a string');
    const sensitive = shape.sensitive === true;
    const length = [...value].length;
    if (shape.min !== undefined && length < shape.min) this.fail(value, path, `Member must have length greater than or equal to ${shape.min}`, sensitive);
    if (shape.max !== undefined && length > shape.max) this.fail(value, path, `Member must have length less than or equal to ${shape.max}`, sensitive);
    if (shape.enum && !shape.enum.includes(value)) this.fail(value, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`, sensitive);
    const pattern = shape.pattern === undefined ? null : compiledPattern(shape.pattern);
    if (pattern && !pattern.test(value)) this.fail(value, path, `Member must satisfy regular expression pattern: ${shape.pattern}`, sensitive);
  }

  private number(shape: ShapeModel, value: unknown, path: string): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.typeError(path, 'a number');
    if ((shape.type === 'integer' || shape.type === 'long') && !Number.isInteger(value)) this.typeError(path, 'an integer');
    if (shape.min !== undefined && value < shape.min) this.fail(value, path, `Member must have value greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && value > shape.max) this.fail(value, path, `Member must have value less than or equal to ${shape.max}`);
  }
}

/**
 * Checks `input` against the operation's input shape, skipping `skipMembers` (validated by richer
 * checks elsewhere). Throws SerializationException or one ValidationException listing every
 * violation.
 */
export function validateInput(model: ServiceModel, operation: string, input: unknown, skipMembers: readonly string[] = []): void {
  const shapeName = model.operations[operation]?.input?.shape;
  if (shapeName === undefined) return;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SluiceError('SerializationException', 'The request body must be a JSON object');
  }
  const walker = new Walker(model, new Set(skipMembers));
  walker.walk(shapeName, input, '');
  const count = walker.violations.length;
  if (count === 0) return;
  const noun = count === 1 ? '1 validation error detected' : `${count} validation errors detected`;
  throw new SluiceError('ValidationException', `${noun}: ${walker.violations.join('; ')}`);
}
