/**
 * Notification topics and subscriptions on SQLite. Creating a topic or a subscription is one
 * `INSERT … ON CONFLICT DO NOTHING RETURNING` statement, so concurrent creators of one name (or one
 * endpoint) end with one row, the others reading it back. Deleting a topic cascades to its
 * subscriptions (foreign key).
 */
import type { Tag } from '../../engine/state.ts';
import type { SubscriptionProtocol, SubscriptionRecord, TopicRecord, TopicStore } from '../topic-ports.ts';
import type { SqliteDb } from './database.ts';

interface TopicRow { arn: string; name: string; attributes: string; tags: string; created: number }
interface SubscriptionRow {
  arn: string; topic_arn: string; protocol: string; endpoint: string; owner: string;
  confirmation_token: string; confirmed: number; attributes: string; created: number;
}

function toTopic(row: TopicRow): TopicRecord {
  return {
    arn: row.arn, name: row.name, created: row.created,
    attributes: JSON.parse(row.attributes) as Record<string, string>, tags: JSON.parse(row.tags) as Tag[],
  };
}

function toSubscription(row: SubscriptionRow): SubscriptionRecord {
  return {
    arn: row.arn, topicArn: row.topic_arn, protocol: row.protocol as SubscriptionProtocol, endpoint: row.endpoint, owner: row.owner,
    confirmationToken: row.confirmation_token, confirmed: row.confirmed === 1,
    attributes: JSON.parse(row.attributes) as Record<string, string>, created: row.created,
  };
}

export function makeTopicStore(db: SqliteDb): TopicStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`topics.${operation}`, body);
  return {
    async create(topic) {
      return db.write('topics.create', () => {
        const inserted = db.get<TopicRow>(`INSERT INTO topics (arn, name, attributes, tags, created) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT DO NOTHING RETURNING *`, topic.arn, topic.name, JSON.stringify(topic.attributes), JSON.stringify(topic.tags), topic.created);
        if (inserted) return { topic: toTopic(inserted), created: true };
        const existing = db.get<TopicRow>('SELECT * FROM topics WHERE name = ?', topic.name);
        if (!existing) throw new Error('topics.create found neither a new nor an existing row');
        return { topic: toTopic(existing), created: false };
      });
    },
    async get(arn) {
      const row = one('get', () => db.get<TopicRow>('SELECT * FROM topics WHERE arn = ?', arn));
      return row && toTopic(row);
    },
    async list(page) {
      return one('list', () => db.all<TopicRow>('SELECT * FROM topics WHERE arn > ? ORDER BY arn LIMIT ?', page.after ?? '', page.limit)).map(toTopic);
    },
    async delete(arn) {
      return one('delete', () => db.run('DELETE FROM topics WHERE arn = ?', arn) > 0);
    },
    async setAttribute(arn, name, value) {
      return one('setAttribute', () => db.run('UPDATE topics SET attributes = json_set(attributes, ?, ?) WHERE arn = ?', `$."${name}"`, value, arn) > 0);
    },
    async retag(arn, change) {
      return db.write('topics.retag', () => {
        const row = db.get<{ tags: string }>('SELECT tags FROM topics WHERE arn = ?', arn);
        if (!row) return false;
        const byKey = new Map((JSON.parse(row.tags) as Tag[]).map((tag) => [tag.key, tag]));
        for (const tag of change.add ?? []) byKey.set(tag.key, tag);
        for (const key of change.remove ?? []) byKey.delete(key);
        db.run('UPDATE topics SET tags = ? WHERE arn = ?', JSON.stringify([...byKey.values()]), arn);
        return true;
      });
    },
    async subscribe(subscription) {
      return db.write('topics.subscribe', () => {
        if (!db.get('SELECT 1 FROM topics WHERE arn = ?', subscription.topicArn)) return undefined;
        const inserted = db.get<SubscriptionRow>(`INSERT INTO topic_subscriptions (arn, topic_arn, protocol, endpoint, owner, confirmation_token, confirmed, attributes, created)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
        subscription.arn, subscription.topicArn, subscription.protocol, subscription.endpoint, subscription.owner,
        subscription.confirmationToken, subscription.confirmed ? 1 : 0, JSON.stringify(subscription.attributes), subscription.created);
        if (inserted) return { subscription: toSubscription(inserted), created: true };
        const existing = db.get<SubscriptionRow>('SELECT * FROM topic_subscriptions WHERE topic_arn = ? AND protocol = ? AND endpoint = ?',
          subscription.topicArn, subscription.protocol, subscription.endpoint);
        if (!existing) throw new Error('topics.subscribe found neither a new nor an existing row');
        return { subscription: toSubscription(existing), created: false };
      });
    },
    async getSubscription(arn) {
      const row = one('getSubscription', () => db.get<SubscriptionRow>('SELECT * FROM topic_subscriptions WHERE arn = ?', arn));
      return row && toSubscription(row);
    },
    async confirm(topicArn, token) {
      const row = one('confirm', () => db.get<SubscriptionRow>(`UPDATE topic_subscriptions SET confirmed = 1
        WHERE topic_arn = ? AND confirmation_token = ? RETURNING *`, topicArn, token));
      return row && toSubscription(row);
    },
    async listSubscriptions(scope, page) {
      const after = page.after ?? '';
      const rows = one('listSubscriptions', () => (scope.topicArn === undefined
        ? db.all<SubscriptionRow>('SELECT * FROM topic_subscriptions WHERE arn > ? ORDER BY arn LIMIT ?', after, page.limit)
        : db.all<SubscriptionRow>('SELECT * FROM topic_subscriptions WHERE topic_arn = ? AND arn > ? ORDER BY arn LIMIT ?', scope.topicArn, after, page.limit)));
      return rows.map(toSubscription);
    },
    async unsubscribe(arn) {
      return one('unsubscribe', () => db.run('DELETE FROM topic_subscriptions WHERE arn = ?', arn) > 0);
    },
  };
}
