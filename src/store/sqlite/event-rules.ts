/**
 * EventBridge rules and their targets on SQLite.
 *
 * Parameters: `db`. Every change of a rule or its targets bumps the rule's `version` and the
 * bus-wide `rules_revision` in the same transaction, so the matcher reloads (and recompiles) only
 * what changed. Names are compared bytewise (`substr`, not `LIKE`, whose `_` is a wildcard).
 */
import type { Tag } from '../../engine/state.ts';
import type { EventRuleRecord, EventRuleStore, EventTarget, MatchableRule, RuleState } from '../event-ports.ts';
import type { SqliteDb } from './database.ts';

interface RuleRow {
  name: string; event_pattern: string | null; schedule_expression: string | null; state: string; description: string | null;
  role_arn: string | null; tags: string; created_by: string | null; created_at: number; version: number; next_fire_at: number | null;
}

function toRule(row: RuleRow): EventRuleRecord {
  return {
    name: row.name, state: row.state as RuleState, tags: JSON.parse(row.tags) as Tag[], createdAt: row.created_at, version: row.version,
    ...(row.event_pattern !== null && { eventPattern: row.event_pattern }),
    ...(row.schedule_expression !== null && { scheduleExpression: row.schedule_expression }),
    ...(row.description !== null && { description: row.description }),
    ...(row.role_arn !== null && { roleArn: row.role_arn }),
    ...(row.created_by !== null && { createdBy: row.created_by }),
    ...(row.next_fire_at !== null && { nextFireAt: row.next_fire_at }),
  };
}

/** Marks a change of `name` (version) and of the bus (revision). */
function bump(db: SqliteDb, name: string): void {
  db.run('UPDATE event_rules SET version = version + 1 WHERE name = ?', name);
  db.run('UPDATE event_bus_state SET rules_revision = rules_revision + 1 WHERE id = 1');
}

export function makeEventRuleStore(db: SqliteDb): EventRuleStore {
  return {
    async put(rule, now, maxRules) {
      return db.write('eventRules.put', () => {
        const existing = db.get<RuleRow>('SELECT * FROM event_rules WHERE name = ?', rule.name);
        if (!existing && (db.get<{ n: number }>('SELECT count(*) AS n FROM event_rules')?.n ?? 0) >= maxRules) return false;
        const createdAt = existing?.created_at ?? now;
        // An unchanged schedule keeps its next firing, so re-putting a rule neither skips nor repeats one.
        const keepFire = existing !== undefined && existing.schedule_expression === (rule.scheduleExpression ?? null) && existing.next_fire_at !== null;
        const nextFireAt = keepFire ? existing.next_fire_at : rule.nextFireAt?.(createdAt) ?? null;
        db.run(`INSERT INTO event_rules (name, event_pattern, schedule_expression, state, description, role_arn, tags, created_by, created_at, version, next_fire_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
          ON CONFLICT (name) DO UPDATE SET event_pattern = excluded.event_pattern, schedule_expression = excluded.schedule_expression,
            state = excluded.state, description = excluded.description, role_arn = excluded.role_arn, next_fire_at = excluded.next_fire_at`,
        rule.name, rule.eventPattern ?? null, rule.scheduleExpression ?? null, rule.state, rule.description ?? null, rule.roleArn ?? null,
        JSON.stringify(rule.tags), rule.createdBy ?? null, createdAt, nextFireAt);
        if (existing) bump(db, rule.name);
        else db.run('UPDATE event_bus_state SET rules_revision = rules_revision + 1 WHERE id = 1');
        return true;
      });
    },
    async get(name) {
      const row = db.autocommit('eventRules.get', () => db.get<RuleRow>('SELECT * FROM event_rules WHERE name = ?', name));
      return row && toRule(row);
    },
    async list(page) {
      const prefix = page.prefix ?? '';
      const rows = db.autocommit('eventRules.list', () => db.all<RuleRow>(`SELECT * FROM event_rules
        WHERE name > ? AND substr(name, 1, length(?)) = ? ORDER BY name LIMIT ?`, page.after ?? '', prefix, prefix, page.limit));
      return rows.map(toRule);
    },
    async delete(name) {
      return db.write('eventRules.delete', () => {
        if (!db.get('SELECT 1 FROM event_rules WHERE name = ?', name)) return 'missing';
        if (db.get('SELECT 1 FROM event_targets WHERE rule_name = ?', name)) return 'has-targets';
        db.run('DELETE FROM event_rules WHERE name = ?', name);
        db.run('UPDATE event_bus_state SET rules_revision = rules_revision + 1 WHERE id = 1');
        return 'deleted';
      });
    },
    async setState(name, state, nextFireAt) {
      return db.write('eventRules.setState', () => {
        const changed = db.run('UPDATE event_rules SET state = ?, next_fire_at = coalesce(?, next_fire_at) WHERE name = ?', state, nextFireAt ?? null, name);
        if (changed > 0) bump(db, name);
        return changed > 0;
      });
    },
    async setTags(name, tags) {
      return db.autocommit('eventRules.setTags', () => db.run('UPDATE event_rules SET tags = ? WHERE name = ?', JSON.stringify(tags), name) > 0);
    },
    async putTargets(name, targets, maxTargets) {
      return db.write('eventRules.putTargets', () => {
        if (!db.get('SELECT 1 FROM event_rules WHERE name = ?', name)) return 'missing';
        const ids = new Set(db.all<{ target_id: string }>('SELECT target_id FROM event_targets WHERE rule_name = ?', name).map((r) => r.target_id));
        for (const t of targets) ids.add(t.Id);
        if (ids.size > maxTargets) return 'limit';
        let position = db.get<{ p: number | null }>('SELECT max(position) AS p FROM event_targets WHERE rule_name = ?', name)?.p ?? 0;
        for (const t of targets) {
          db.run(`INSERT INTO event_targets (rule_name, target_id, arn, target, position) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (rule_name, target_id) DO UPDATE SET arn = excluded.arn, target = excluded.target`, name, t.Id, t.Arn, JSON.stringify(t), ++position);
        }
        bump(db, name);
        return 'ok';
      });
    },
    async removeTargets(name, ids) {
      return db.write('eventRules.removeTargets', () => {
        if (!db.get('SELECT 1 FROM event_rules WHERE name = ?', name)) return undefined;
        const missing = ids.filter((id) => db.run('DELETE FROM event_targets WHERE rule_name = ? AND target_id = ?', name, id) === 0);
        bump(db, name);
        return missing;
      });
    },
    async targets(name) {
      return db.read('eventRules.targets', () => {
        if (!db.get('SELECT 1 FROM event_rules WHERE name = ?', name)) return undefined;
        return db.all<{ target: string }>('SELECT target FROM event_targets WHERE rule_name = ? ORDER BY position', name)
          .map((r) => JSON.parse(r.target) as EventTarget);
      });
    },
    async namesByTarget(arn, page) {
      return db.autocommit('eventRules.namesByTarget', () => db.all<{ rule_name: string }>(`SELECT DISTINCT rule_name FROM event_targets
        WHERE arn = ? AND rule_name > ? ORDER BY rule_name LIMIT ?`, arn, page.after ?? '', page.limit).map((r) => r.rule_name));
    },
    async revision() {
      return db.autocommit('eventRules.revision', () => db.get<{ r: number }>('SELECT rules_revision AS r FROM event_bus_state WHERE id = 1')?.r ?? 0);
    },
    async matchable() {
      return db.read('eventRules.matchable', () => {
        const rules = db.all<{ name: string; version: number; event_pattern: string }>(`SELECT r.name, r.version, r.event_pattern FROM event_rules r
          WHERE r.state = 'ENABLED' AND r.event_pattern IS NOT NULL AND EXISTS (SELECT 1 FROM event_targets t WHERE t.rule_name = r.name)`);
        const targets = new Map<string, EventTarget[]>();
        for (const row of db.all<{ rule_name: string; target: string }>('SELECT rule_name, target FROM event_targets ORDER BY rule_name, position')) {
          const list = targets.get(row.rule_name) ?? [];
          list.push(JSON.parse(row.target) as EventTarget);
          targets.set(row.rule_name, list);
        }
        return rules.map((r): MatchableRule => ({ name: r.name, version: r.version, eventPattern: r.event_pattern, targets: targets.get(r.name) ?? [] }));
      });
    },
  };
}
