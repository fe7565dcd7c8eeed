/**
 * Store port of webhooks: CodePipeline webhook definitions (PutWebhook), the random id in each
 * webhook's inbound URL, its tags and the outcome of its last delivery.
 *
 * A webhook belongs to no pipeline row: deleting its target pipeline leaves it in place (AWS does
 * the same), and a delivery to it then records an error instead of starting anything.
 */
import type { Tag } from '../engine/state.ts';
import type { Page, PageRequest } from './ports.ts';

/** How an inbound delivery proves it may trigger the webhook (AWS spellings). */
export type WebhookAuthentication = 'GITHUB_HMAC' | 'IP' | 'UNAUTHENTICATED';

/** A JSONPath applied to the delivered payload and the value it must select. */
export interface WebhookFilterRule {
  jsonPath: string;
  /** May hold `{Key}` placeholders filled from the target action's configuration. */
  matchEquals?: string;
}

/** The webhook as PutWebhook takes it (AWS member names, PascalCase inside the configuration). */
export interface WebhookDefinition {
  name: string;
  targetPipeline: string;
  targetAction: string;
  filters: WebhookFilterRule[];
  authentication: WebhookAuthentication;
  authenticationConfiguration: { SecretToken?: string; AllowedIPRange?: string };
}

export interface WebhookRecord {
  definition: WebhookDefinition;
  /** Random, unguessable id; the inbound URL is `<endpoint>/webhooks/<urlId>`. Kept on replace. */
  urlId: string;
  /** Origin the webhook was last put through, e.g. `http://127.0.0.1:8090`. */
  endpoint: string;
  arn: string;
  tags: Tag[];
  /** When a delivery last started the target pipeline, epoch ms. */
  lastTriggered?: number;
  /** Why the last delivery that passed the filters could not start the pipeline; cleared by a success. */
  errorCode?: string;
  errorMessage?: string;
  created: number;
  updated: number;
}

export interface NewWebhook {
  definition: WebhookDefinition;
  /** Used only when the webhook is created; a replaced webhook keeps its id (and so its URL). */
  urlId: string;
  endpoint: string;
  arn: string;
  /** Replace the tags; undefined keeps a replaced webhook's tags (a new one starts with none). */
  tags?: Tag[];
}

export interface WebhookStore {
  /** Creates the webhook, or replaces the definition of the one of that name. Returns it as stored. */
  put(webhook: NewWebhook, now: number): Promise<WebhookRecord>;
  get(name: string): Promise<WebhookRecord | undefined>;
  /** The webhook an inbound URL names. */
  getByUrlId(urlId: string): Promise<WebhookRecord | undefined>;
  /** By name, ascending; `maxResults` @default 100. */
  list(page: PageRequest): Promise<Page<WebhookRecord>>;
  /** False when there was no such webhook. */
  delete(name: string): Promise<boolean>;
  /**
   * Replaces the tags with `change(current)`, atomically: no other change to the webhook's tags
   * lands between the read and the write. `change` may throw; then nothing is written and the
   * error reaches the caller unchanged. Undefined when there is no such webhook.
   */
  retag(name: string, change: (tags: Tag[]) => Tag[]): Promise<Tag[] | undefined>;
  /**
   * Records a delivery that passed the filters: success sets `lastTriggered` and clears the
   * error; a failure records the error and leaves `lastTriggered` alone.
   */
  recordDelivery(name: string, outcome: { at: number; error?: { code: string; message: string } }): Promise<void>;
}
