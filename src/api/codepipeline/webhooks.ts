/**
 * Webhook operations: PutWebhook, ListWebhooks, DeleteWebhook and
 * Register/DeregisterWebhookWithThirdParty. Deliveries to a webhook's URL are received by
 * ../webhooks/receiver.ts; the URL is `<endpoint the webhook was put through>/webhooks/<id>`, with
 * a random id that survives a replace (so a sender keeps working when the webhook is edited).
 *
 * Wire quirks kept from AWS: ListWebhooks pages with PascalCase `NextToken`/`MaxResults`, and the
 * authentication configuration is PascalCase (`SecretToken`, `AllowedIPRange`). A SecretToken is
 * never answered back: responses show it as `****`, and a PutWebhook that sends `****` back for an
 * existing webhook keeps the stored secret (as pipeline secrets do).
 */
import type { Tag } from '../../engine/state.ts';
import { SluiceError } from '../../model/errors.ts';
import { compileWebhookFilters } from '../../model/webhooks/filters.ts';
import type { WebhookDefinition, WebhookRecord } from '../../store/webhook-ports.ts';
import type { Operation } from '../aws-json/operation.ts';
import { parseIpRange } from '../webhooks/ip-range.ts';
import { webhookUrl } from '../webhooks/receiver.ts';
import { requirePipeline, type CodePipelineApi } from './context.ts';
import { MASK } from './secrets.ts';
import { checkTags } from './tags.ts';
import { compact, epochSeconds } from './wire.ts';

type Input = Record<string, unknown>;

/** Length of a webhook URL's random id: 32 of [A-Za-z0-9], about 190 bits. */
const URL_ID_LENGTH = 32;

export function webhookArn(region: string, accountId: string, name: string): string {
  return `arn:aws:codepipeline:${region}:${accountId}:webhook:${name}`;
}

function invalidAuthentication(message: string): SluiceError {
  return new SluiceError('InvalidWebhookAuthenticationParametersException', message);
}

/** The configuration the authentication type needs, and nothing else (AWS: "only … must be set"). */
function checkAuthentication(given: WebhookDefinition, existing: WebhookDefinition | undefined): WebhookDefinition['authenticationConfiguration'] {
  const { SecretToken, AllowedIPRange } = given.authenticationConfiguration;
  switch (given.authentication) {
    case 'GITHUB_HMAC': {
      if (SecretToken === undefined) throw invalidAuthentication('GITHUB_HMAC authentication needs a SecretToken');
      if (AllowedIPRange !== undefined) throw invalidAuthentication('GITHUB_HMAC authentication takes a SecretToken only, no AllowedIPRange');
      const kept = SecretToken === MASK ? existing?.authenticationConfiguration.SecretToken : undefined;
      return { SecretToken: kept ?? SecretToken };
    }
    case 'IP':
      if (AllowedIPRange === undefined || !parseIpRange(AllowedIPRange)) {
        throw invalidAuthentication(`IP authentication needs AllowedIPRange to be a CIDR range such as 10.0.0.0/8 or 2001:db8::/32${AllowedIPRange === undefined ? '' : `, not '${AllowedIPRange}'`}`);
      }
      if (SecretToken !== undefined) throw invalidAuthentication('IP authentication takes an AllowedIPRange only, no SecretToken');
      return { AllowedIPRange };
    case 'UNAUTHENTICATED':
      if (SecretToken !== undefined || AllowedIPRange !== undefined) {
        throw invalidAuthentication('UNAUTHENTICATED webhooks take no SecretToken or AllowedIPRange');
      }
      return {};
  }
}

function checkFilters(filters: WebhookDefinition['filters']): void {
  const { issues } = compileWebhookFilters(filters);
  if (issues.length === 0) return;
  throw new SluiceError('InvalidWebhookFilterPatternException',
    issues.map((i) => `filters.${i.index + 1}.jsonPath '${i.jsonPath}': ${i.message}`).join('; '));
}

/** The target pipeline must exist and hold a source action of the target's name. */
async function checkTarget(api: CodePipelineApi, definition: WebhookDefinition): Promise<void> {
  const { declaration } = await requirePipeline(api, definition.targetPipeline);
  const actions = declaration.stages.flatMap((s) => s.actions).filter((a) => a.name === definition.targetAction);
  if (actions.some((a) => a.actionTypeId.category === 'Source')) return;
  throw new SluiceError('ValidationException', actions.length === 0
    ? `Action ${definition.targetAction} not found in pipeline ${definition.targetPipeline}`
    : `Action ${definition.targetAction} of pipeline ${definition.targetPipeline} is not a source action`);
}

/** The definition as stored: the known members only, the authentication configuration checked. */
function normalize(given: WebhookDefinition, existing: WebhookDefinition | undefined): WebhookDefinition {
  return {
    name: given.name,
    targetPipeline: given.targetPipeline,
    targetAction: given.targetAction,
    filters: given.filters.map((f) => compact({ jsonPath: f.jsonPath, matchEquals: f.matchEquals })),
    authentication: given.authentication,
    authenticationConfiguration: checkAuthentication(given, existing),
  };
}

/** ListWebhookItem: the definition with its secret masked, the URL, the last delivery's outcome. */
export function webhookItem(record: WebhookRecord): object {
  const { definition } = record;
  const configuration = definition.authenticationConfiguration;
  return compact({
    definition: {
      ...definition,
      authenticationConfiguration: configuration.SecretToken === undefined ? configuration : { ...configuration, SecretToken: MASK },
    },
    url: webhookUrl(record.endpoint, record.urlId),
    errorMessage: record.errorMessage,
    errorCode: record.errorCode,
    lastTriggered: record.lastTriggered === undefined ? undefined : epochSeconds(record.lastTriggered),
    arn: record.arn,
    tags: record.tags.length > 0 ? record.tags : undefined,
  });
}

/** Register/Deregister take `webhookName` as optional in the model, but need it. */
async function requireWebhook(api: CodePipelineApi, name: unknown): Promise<WebhookRecord> {
  if (typeof name !== 'string') {
    throw new SluiceError('ValidationException', "1 validation error detected: Value null at 'webhookName' failed to satisfy constraint: Member must not be null");
  }
  const webhook = await api.runtime.store.webhooks.get(name);
  if (!webhook) throw new SluiceError('WebhookNotFoundException', `Webhook ${name} not found`);
  return webhook;
}

export function webhookOperations(api: CodePipelineApi, options: { now?: () => number } = {}): Record<string, Operation<never, object>> {
  const { store } = api.runtime;
  const now = options.now ?? Date.now;
  const operations: Record<string, Operation<Input, object>> = {
    PutWebhook: {
      async handle(input, context) {
        const given = input.webhook as WebhookDefinition;
        const tags = input.tags === undefined ? undefined : checkTags(input.tags as Tag[]);
        checkFilters(given.filters);
        const existing = await store.webhooks.get(given.name);
        const definition = normalize(given, existing?.definition);
        await checkTarget(api, definition);
        const stored = await store.webhooks.put({
          definition,
          urlId: existing?.urlId ?? api.runtime.scheduler.driver.ids.token(URL_ID_LENGTH),
          endpoint: context.endpoint,
          arn: webhookArn(context.region, api.accountId, definition.name),
          ...(tags !== undefined && { tags }),
        }, now());
        return { webhook: webhookItem(stored) };
      },
    },
    ListWebhooks: {
      async handle(input) {
        const page = await store.webhooks.list(compact({
          maxResults: input.MaxResults as number | undefined, nextToken: input.NextToken as string | undefined,
        }));
        return compact({ webhooks: page.items.map(webhookItem), NextToken: page.nextToken });
      },
    },
    DeleteWebhook: {
      async handle(input) {
        // Deleting a webhook that does not exist succeeds, as on AWS.
        await store.webhooks.delete(input.name as string);
        return {};
      },
    },
    // Sluice registers nothing with third parties: the sender is configured with the URL by hand.
    RegisterWebhookWithThirdParty: {
      async handle(input) {
        await requireWebhook(api, input.webhookName);
        return {};
      },
    },
    DeregisterWebhookWithThirdParty: {
      async handle(input) {
        await requireWebhook(api, input.webhookName);
        return {};
      },
    },
  };
  return operations;
}
