/**
 * Tagging operations: TagResource, UntagResource and ListTagsForResource on the three kinds of
 * CodePipeline resources that carry tags:
 *
 *   pipeline            arn:aws:codepipeline:<region>:<account>:<pipeline>
 *   webhook             arn:aws:codepipeline:<region>:<account>:webhook:<name>
 *   custom action type  arn:aws:codepipeline:<region>:<account>:actiontype:Custom/<category>/<provider>/<version>
 *
 * An ARN that cannot name a CodePipeline resource (not an ARN, another service, a bad region, a
 * name with characters names may not hold, an unknown resource type) is InvalidArnException: the
 * operations check `resourceArn` themselves instead of answering the model's pattern with a
 * ValidationException. A well-formed ARN that names nothing here (another account, a missing
 * resource) is ResourceNotFoundException. Sluice keeps one set of resources for every region, so the ARN's
 * region only has to be well-formed.
 *
 * Pipeline tags live in the pipeline record, so tagging a pipeline is an engine store step that
 * changes them (atomic with every other change to the pipeline); webhook tags change in one store
 * transaction. Adding a tag whose key exists replaces its value; the result may hold at most 50.
 */
import type { Tag } from '../../engine/state.ts';
import { SluiceError } from '../../model/errors.ts';
import type { ActionTypeId } from '../../model/pipeline.ts';
import type { Operation } from '../aws-json/operation.ts';
import type { CodePipelineApi } from './context.ts';
import { checkTags, MAX_TAGS } from './tags.ts';
import { compact } from './wire.ts';

type Input = Record<string, unknown>;

export type TaggedResourceRef =
  | { kind: 'pipeline'; name: string }
  | { kind: 'webhook'; name: string }
  | { kind: 'actiontype'; id: ActionTypeId };

const NAME = /^[A-Za-z0-9.@\-_]{1,100}$/;
const PARTITION = /^aws(-[a-z]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ACCOUNT = /^\d{12}$/;
const ACTION_TYPE = /^actiontype:([A-Za-z]+)\/([A-Za-z]+)\/([A-Za-z0-9.@\-_]{1,35})\/([A-Za-z0-9\-_]{1,9})$/;

function notFound(arn: string): SluiceError {
  return new SluiceError('ResourceNotFoundException', `The resource with ARN ${arn} does not exist`);
}

/** What `arn` names; throws InvalidArnException or (another account) ResourceNotFoundException. */
export function parseResourceArn(arn: string, accountId: string): TaggedResourceRef {
  const [prefix, partition = '', service, region = '', account = '', ...rest] = arn.split(':');
  const resource = rest.join(':');
  const invalid = new SluiceError('InvalidArnException', `${arn} is not a valid CodePipeline resource ARN`);
  if (prefix !== 'arn' || !PARTITION.test(partition) || service !== 'codepipeline' || !REGION.test(region) || !ACCOUNT.test(account)) {
    throw invalid;
  }
  let ref: TaggedResourceRef;
  const actionType = ACTION_TYPE.exec(resource);
  if (resource.startsWith('webhook:') && NAME.test(resource.slice('webhook:'.length))) {
    ref = { kind: 'webhook', name: resource.slice('webhook:'.length) };
  } else if (actionType) {
    const [, owner = '', category = '', provider = '', version = ''] = actionType;
    ref = { kind: 'actiontype', id: { owner, category, provider, version } as ActionTypeId };
  } else if (NAME.test(resource)) {
    ref = { kind: 'pipeline', name: resource };
  } else {
    throw invalid;
  }
  if (account !== accountId || partition !== 'aws') throw notFound(arn);
  return ref;
}

/** Tags after adding `added`: existing keys take the new value, new keys go at the end. */
export function addTags(current: readonly Tag[], added: readonly Tag[]): Tag[] {
  const values = new Map(current.map((t) => [t.key, t.value]));
  for (const tag of added) values.set(tag.key, tag.value);
  if (values.size > MAX_TAGS) {
    throw new SluiceError('TooManyTagsException', `The resource would have ${values.size} tags; at most ${MAX_TAGS} are allowed`);
  }
  return [...values].map(([key, value]) => ({ key, value }));
}

export function removeTags(current: readonly Tag[], keys: readonly string[]): Tag[] {
  const removed = new Set(keys);
  return current.filter((t) => !removed.has(t.key));
}

interface TaggedResource {
  read(): Promise<Tag[] | undefined>;
  /** The tags after `change`, or undefined when the resource does not exist (nothing written). */
  retag(change: (tags: Tag[]) => Tag[]): Promise<Tag[] | undefined>;
}

function taggedResource(api: CodePipelineApi, ref: TaggedResourceRef): TaggedResource {
  const { store } = api.runtime;
  switch (ref.kind) {
    case 'pipeline':
      return {
        read: async () => (await store.engine.load(ref.name, {})).pipeline?.tags,
        retag: async (change) => (await store.engine.step(ref.name, {}, (state) => {
          const pipeline = state.pipeline;
          if (!pipeline) return { state, commands: [], reply: undefined };
          const tags = change(pipeline.tags);
          return { state: { ...state, pipeline: { ...pipeline, tags } }, commands: [], reply: tags };
        })).reply,
      };
    case 'webhook':
      return {
        read: async () => (await store.webhooks.get(ref.name))?.tags,
        retag: (change) => store.webhooks.retag(ref.name, change),
      };
    case 'actiontype': {
      const live = async () => {
        const record = await store.actionTypes.get(ref.id);
        return record && record.deletedAt === undefined && record.id.owner === 'Custom' ? record : undefined;
      };
      return {
        read: async () => (await live())?.tags,
        // The action type store replaces whole records: two concurrent tag changes of one type
        // may lose one of them (the last write wins).
        retag: async (change) => {
          const record = await live();
          if (!record) return undefined;
          const tags = change(record.tags);
          return await store.actionTypes.update({ ...record, tags }) ? tags : undefined;
        },
      };
    }
  }
}

function resolve(api: CodePipelineApi, input: Input): { arn: string; resource: TaggedResource } {
  const arn = input.resourceArn as string;
  return { arn, resource: taggedResource(api, parseResourceArn(arn, api.accountId)) };
}

const invalidToken = (): SluiceError => new SluiceError('InvalidNextTokenException', 'The next token is invalid or expired');

/** The key a ListTagsForResource token continues after; the token also names its resource. */
function decodeTagToken(token: string, arn: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { arn?: unknown; after?: unknown };
    if (decoded.arn === arn && typeof decoded.after === 'string') return decoded.after;
  } catch {
    // Not a token of ours: answered below like any foreign token.
  }
  throw invalidToken();
}

/** One page of tags in stored order; the token holds the key of the last tag returned. */
function tagPage(tags: Tag[], arn: string, maxResults: number | undefined, nextToken: string | undefined): { tags: Tag[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const after = decodeTagToken(nextToken, arn);
    start = tags.findIndex((t) => t.key === after) + 1;
    if (start === 0) throw invalidToken();
  }
  const page = tags.slice(start, start + (maxResults ?? MAX_TAGS));
  const last = page.at(-1);
  const more = last !== undefined && start + page.length < tags.length;
  return compact({ tags: page, nextToken: more ? Buffer.from(JSON.stringify({ arn, after: last.key }), 'utf8').toString('base64url') : undefined });
}

export function taggingOperations(api: CodePipelineApi): Record<string, Operation<never, object>> {
  const operations: Record<string, Operation<Input, object>> = {
    TagResource: {
      skipModelValidation: ['resourceArn'],
      async handle(input) {
        const added = checkTags(input.tags as Tag[]);
        const { arn, resource } = resolve(api, input);
        if (await resource.retag((tags) => addTags(tags, added)) === undefined) throw notFound(arn);
        return {};
      },
    },
    UntagResource: {
      skipModelValidation: ['resourceArn'],
      async handle(input) {
        const keys = input.tagKeys as string[];
        const reserved = keys.find((k) => k.toLowerCase().startsWith('aws:'));
        if (reserved !== undefined) throw new SluiceError('InvalidTagsException', `Tag key '${reserved}' uses the reserved prefix aws:`);
        const { arn, resource } = resolve(api, input);
        if (await resource.retag((tags) => removeTags(tags, keys)) === undefined) throw notFound(arn);
        return {};
      },
    },
    ListTagsForResource: {
      skipModelValidation: ['resourceArn'],
      async handle(input) {
        const { arn, resource } = resolve(api, input);
        const tags = await resource.read();
        if (tags === undefined) throw notFound(arn);
        return tagPage(tags, arn, input.maxResults as number | undefined, input.nextToken as string | undefined);
      },
    },
  };
  return operations;
}
