/**
 * Notification rules on SQLite: one row per rule (ARN, unique name, the rest as JSON), and a
 * revision counter bumped in the same transaction as every change.
 *
 * Parameters: `db` (an open connection).
 */
import type { NotificationRuleRecord, NotificationRuleStore } from '../notification-ports.ts';
import type { SqliteDb } from './database.ts';

interface RuleRow { arn: string; name: string; body: string }

function toRule(row: RuleRow): NotificationRuleRecord {
  return { ...JSON.parse(row.body) as Omit<NotificationRuleRecord, 'arn' | 'name'>, arn: row.arn, name: row.name };
}

function bodyOf(rule: NotificationRuleRecord): string {
  const { arn: _arn, name: _name, ...body } = rule;
  return JSON.stringify(body);
}

export function makeNotificationRuleStore(db: SqliteDb): NotificationRuleStore {
  const bump = (): void => {
    db.run('UPDATE notification_rules_revision SET revision = revision + 1 WHERE id = 1');
  };
  return {
    async create(rule, maxRules) {
      return db.write('notificationRules.create', () => {
        const existing = db.get<RuleRow>('SELECT * FROM notification_rules WHERE name = ?', rule.name);
        if (existing) return { rule: toRule(existing), created: false };
        const count = db.get<{ n: number }>('SELECT count(*) AS n FROM notification_rules')?.n ?? 0;
        if (count >= maxRules) return 'limit';
        db.run('INSERT INTO notification_rules (arn, name, body) VALUES (?, ?, ?)', rule.arn, rule.name, bodyOf(rule));
        bump();
        return { rule, created: true };
      });
    },
    async get(arn) {
      const row = db.autocommit('notificationRules.get', () => db.get<RuleRow>('SELECT * FROM notification_rules WHERE arn = ?', arn));
      return row && toRule(row);
    },
    async all() {
      return db.autocommit('notificationRules.all', () => db.all<RuleRow>('SELECT * FROM notification_rules ORDER BY arn')).map(toRule);
    },
    async replace(rule) {
      return db.write('notificationRules.replace', () => {
        if (!db.get('SELECT 1 FROM notification_rules WHERE arn = ?', rule.arn)) return 'missing';
        if (db.get('SELECT 1 FROM notification_rules WHERE name = ? AND arn <> ?', rule.name, rule.arn)) return 'name-taken';
        db.run('UPDATE notification_rules SET name = ?, body = ? WHERE arn = ?', rule.name, bodyOf(rule), rule.arn);
        bump();
        return 'ok';
      });
    },
    async delete(arn) {
      return db.write('notificationRules.delete', () => {
        const deleted = db.run('DELETE FROM notification_rules WHERE arn = ?', arn) > 0;
        if (deleted) bump();
        return deleted;
      });
    },
    async revision() {
      return db.autocommit('notificationRules.revision', () =>
        db.get<{ revision: number }>('SELECT revision FROM notification_rules_revision WHERE id = 1')?.revision ?? 0);
    },
  };
}
