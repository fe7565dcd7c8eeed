/**
 * Registered targets of the traffic router on SQLite: registering (again), draining with a
 * deadline, and removing drained targets. Each call is one transaction over all its targets.
 */
import type { RouterStore } from '../router-ports.ts';
import type { SqliteDb } from './database.ts';

export function makeRouterTargetStore(db: SqliteDb): Pick<RouterStore, 'registerTargets' | 'drainTargets' | 'removeDrainedTargets'> {
  const groupExists = (arn: string): boolean => db.get('SELECT 1 FROM router_target_groups WHERE arn = ?', arn) !== undefined;
  return {
    async registerTargets(targetGroupArn, targets, now) {
      return db.write('router.registerTargets', () => {
        if (!groupExists(targetGroupArn)) return false;
        for (const target of targets) {
          // A target registered again while draining is back in service; an active one keeps its registration time.
          db.run(`INSERT INTO router_targets (target_group_arn, id, port, registered, draining_until) VALUES (?, ?, ?, ?, NULL)
            ON CONFLICT DO UPDATE SET registered = CASE WHEN draining_until IS NULL THEN registered ELSE excluded.registered END,
            draining_until = NULL`, targetGroupArn, target.id, target.port, now);
        }
        return true;
      });
    },
    async drainTargets(targetGroupArn, targets, until) {
      return db.write('router.drainTargets', () => {
        if (!groupExists(targetGroupArn)) return false;
        for (const target of targets) {
          db.run(`UPDATE router_targets SET draining_until = ? WHERE target_group_arn = ? AND id = ? AND port = ? AND draining_until IS NULL`,
            until, targetGroupArn, target.id, target.port);
        }
        return true;
      });
    },
    async removeDrainedTargets(targetGroupArn, targets) {
      db.write('router.removeDrainedTargets', () => {
        for (const target of targets) {
          db.run('DELETE FROM router_targets WHERE target_group_arn = ? AND id = ? AND port = ? AND draining_until IS NOT NULL',
            targetGroupArn, target.id, target.port);
        }
      });
    },
  };
}
