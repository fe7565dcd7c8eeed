/**
 * The AWS query protocol (IAM, STS) driven by the service's API model: request parameters in,
 * XML out, both walked along the model's shapes so member names, nesting, lists and types are the
 * ones AWS's SDKs were generated from.
 *
 * Member names: the model's are PascalCase (`UserName`), as they travel on the wire. Sluice's
 * handlers, the validator's messages (`Value 'x' at 'userName' …`) and CloudTrail's
 * `requestParameters` use them with a lower-case first letter, as AWS does; `camelModel` renames
 * the members once and remembers each wire name as `locationName`.
 *
 * Wire forms (AWS's query serialization): a structure member `A.B`, a list `A.member.1`,
 * `A.member.2` (an empty list is `A=`), a map `A.entry.1.key` / `A.entry.1.value`.
 */
import { SluiceError } from '../../model/errors.ts';
import type { ServiceModel, ShapeModel } from '../aws-json/shape-validator.ts';

export interface QueryModel extends ServiceModel {
  metadata: ServiceModel['metadata'] & { xmlNamespace?: string; apiVersion?: string };
  operations: Record<string, { name: string; input?: { shape: string }; output?: { shape: string; resultWrapper?: string } }>;
  shapes: Record<string, ShapeModel & { members?: Record<string, { shape: string; locationName?: string }> }>;
}

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** The model with lower-camel member names, each remembering its wire name. */
export function camelModel(model: QueryModel): QueryModel {
  const shapes = Object.fromEntries(Object.entries(model.shapes).map(([name, shape]) => {
    if (shape.type !== 'structure' || !shape.members) return [name, shape];
    const members = Object.fromEntries(Object.entries(shape.members)
      .map(([member, ref]) => [lowerFirst(member), { ...ref, locationName: ref.locationName ?? member }]));
    return [name, { ...shape, members, ...(shape.required && { required: shape.required.map(lowerFirst) }) }];
  }));
  return { ...model, shapes };
}

/** Query parameters → the operation's input, typed by the model (numbers and booleans converted). */
export function decodeQueryInput(model: QueryModel, operation: string, params: URLSearchParams): Record<string, unknown> {
  const shapeName = model.operations[operation]?.input?.shape;
  if (shapeName === undefined) return {};
  const flat = new Map<string, string>();
  params.forEach((value, key) => flat.set(key, value));
  return (decodeShape(model, shapeName, flat, '') ?? {}) as Record<string, unknown>;
}

/** The value whose parameter name is `key` ('' for the input itself). */
function decodeShape(model: QueryModel, shapeName: string, flat: Map<string, string>, key: string): unknown {
  const shape = model.shapes[shapeName];
  if (!shape) return undefined;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const wire = ref.locationName ?? name;
        const value = decodeShape(model, ref.shape, flat, key === '' ? wire : `${key}.${wire}`);
        if (value !== undefined) out[name] = value;
      }
      // The input itself always exists; a nested structure only when one of its members was sent.
      return key === '' || Object.keys(out).length > 0 ? out : undefined;
    }
    case 'list': return decodeList(model, shape, flat, key);
    case 'map': return decodeMap(model, shape, flat, key);
    default: return decodeScalar(shape, flat.get(key), key);
  }
}

function indexesUnder(flat: Map<string, string>, prefix: string): number[] {
  const indexes = new Set<number>();
  for (const key of flat.keys()) {
    if (!key.startsWith(prefix)) continue;
    const index = Number(/^(\d+)/.exec(key.slice(prefix.length))?.[1]);
    if (Number.isInteger(index) && index > 0) indexes.add(index);
  }
  return [...indexes].sort((a, b) => a - b);
}

function decodeList(model: QueryModel, shape: ShapeModel, flat: Map<string, string>, name: string): unknown[] | undefined {
  if (flat.get(name) === '') return [];
  const memberShape = shape.member?.shape ?? '';
  const items = indexesUnder(flat, `${name}.member.`).map((i) => decodeShape(model, memberShape, flat, `${name}.member.${i}`));
  return items.length > 0 ? items : undefined;
}

function decodeMap(model: QueryModel, shape: ShapeModel, flat: Map<string, string>, name: string): Record<string, unknown> | undefined {
  const indexes = indexesUnder(flat, `${name}.entry.`);
  if (indexes.length === 0) return undefined;
  return Object.fromEntries(indexes.map((i) => [
    flat.get(`${name}.entry.${i}.key`) ?? '',
    decodeShape(model, shape.value?.shape ?? '', flat, `${name}.entry.${i}.value`),
  ]));
}

function decodeScalar(shape: ShapeModel, raw: string | undefined, path: string): unknown {
  if (raw === undefined) return undefined;
  switch (shape.type) {
    case 'integer': case 'long': case 'double': case 'float': {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) {
        throw new SluiceError('ValidationException', `1 validation error detected: Value '${raw}' at '${lowerFirst(path)}' failed to satisfy constraint: Member must be a number`);
      }
      return value;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') {
        throw new SluiceError('ValidationException', `1 validation error detected: Value '${raw}' at '${lowerFirst(path)}' failed to satisfy constraint: Member must be true or false`);
      }
      return raw === 'true';
    default: return raw;
  }
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** Epoch ms → ISO 8601 in seconds, as IAM writes dates (`2024-05-01T12:00:00Z`). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A value of the output shape as XML elements; timestamps are epoch ms. Absent members are left out. */
export function encodeXml(model: QueryModel, shapeName: string, value: unknown): string {
  const shape = model.shapes[shapeName];
  if (!shape || value === undefined || value === null) return '';
  switch (shape.type) {
    case 'structure': return Object.entries(shape.members ?? {}).map(([name, ref]) => {
      const member = (value as Record<string, unknown>)[name];
      if (member === undefined || member === null) return '';
      const tag = ref.locationName ?? name;
      return `<${tag}>${encodeXml(model, ref.shape, member)}</${tag}>`;
    }).join('');
    case 'list': return (value as unknown[]).map((item) => `<member>${encodeXml(model, shape.member?.shape ?? '', item)}</member>`).join('');
    case 'map': return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${encodeXml(model, shape.value?.shape ?? '', v)}</value></entry>`).join('');
    case 'timestamp': return isoSeconds(value as number);
    default:
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? escapeXml(String(value)) : '';
  }
}
