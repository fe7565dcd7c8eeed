/**
 * The traffic router's configuration on SQLite. Creates rely on the tables' unique constraints
 * (`INSERT … ON CONFLICT DO NOTHING`), so concurrent creators of one name or one listener port
 * end with one row. Listener writes check their load balancer, target groups and port inside one
 * `BEGIN IMMEDIATE` transaction; targets are in `router-targets.ts`.
 */
import type { ListenerRecord, ListenerWriteResult, RouterStore, WeightedTargetGroup } from '../router-ports.ts';
import type { SqliteDb } from './database.ts';
import { makeRouterTargetStore } from './router-targets.ts';
import {
  toListener, toLoadBalancer, toTarget, toTargetGroup,
  type ForwardRow, type ListenerRow, type LoadBalancerRow, type TargetGroupRow, type TargetRow,
} from './router-rows.ts';

export function makeRouterStore(db: SqliteDb): RouterStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`router.${operation}`, body);

  /** Why `forward` and `port` cannot be stored for listener `arn` (inside a write transaction), or 'ok'. */
  function checkListener(arn: string, loadBalancerArn: string, port: number, forward: WeightedTargetGroup[]): ListenerWriteResult {
    if (!db.get('SELECT 1 FROM router_load_balancers WHERE arn = ?', loadBalancerArn)) return 'missing-load-balancer';
    for (const group of forward) {
      if (!db.get('SELECT 1 FROM router_target_groups WHERE arn = ?', group.targetGroupArn)) return 'missing-target-group';
    }
    if (db.get('SELECT 1 FROM router_listeners WHERE port = ? AND arn <> ?', port, arn)) return 'duplicate-port';
    return 'ok';
  }

  function writeForwards(listenerArn: string, forward: WeightedTargetGroup[]): void {
    db.run('DELETE FROM router_listener_forwards WHERE listener_arn = ?', listenerArn);
    forward.forEach((group, position) => {
      db.run('INSERT INTO router_listener_forwards (listener_arn, target_group_arn, position, weight) VALUES (?, ?, ?, ?)',
        listenerArn, group.targetGroupArn, position, group.weight);
    });
  }

  return {
    async snapshot() {
      return db.read('router.snapshot', () => {
        const forwards = db.all<ForwardRow>('SELECT listener_arn, target_group_arn, weight FROM router_listener_forwards ORDER BY listener_arn, position');
        const listeners: ListenerRecord[] = db.all<ListenerRow>('SELECT * FROM router_listeners ORDER BY port')
          .map((row) => toListener(row, forwards.filter((f) => f.listener_arn === row.arn)));
        return {
          loadBalancers: db.all<LoadBalancerRow>('SELECT * FROM router_load_balancers ORDER BY name').map(toLoadBalancer),
          targetGroups: db.all<TargetGroupRow>('SELECT * FROM router_target_groups ORDER BY name').map(toTargetGroup),
          listeners,
          targets: db.all<TargetRow>('SELECT * FROM router_targets ORDER BY target_group_arn, id, port').map(toTarget),
        };
      });
    },
    async createLoadBalancer(record) {
      return one('createLoadBalancer', () => db.run(`INSERT INTO router_load_balancers (arn, name, scheme, created) VALUES (?, ?, ?, ?)
        ON CONFLICT DO NOTHING`, record.arn, record.name, record.scheme, record.created) > 0);
    },
    async deleteLoadBalancer(arn) {
      return one('deleteLoadBalancer', () => db.run('DELETE FROM router_load_balancers WHERE arn = ?', arn) > 0);
    },
    async createTargetGroup(record) {
      return one('createTargetGroup', () => db.run(`INSERT INTO router_target_groups
        (arn, name, protocol, port, target_type, health_check, deregistration_delay_seconds, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO NOTHING`, record.arn, record.name, record.protocol, record.port, record.targetType,
      JSON.stringify(record.healthCheck), record.deregistrationDelaySeconds, record.created) > 0);
    },
    async updateTargetGroup(record) {
      return one('updateTargetGroup', () => db.run(`UPDATE router_target_groups SET port = ?, health_check = ?, deregistration_delay_seconds = ?
        WHERE arn = ?`, record.port, JSON.stringify(record.healthCheck), record.deregistrationDelaySeconds, record.arn) > 0);
    },
    async deleteTargetGroup(arn) {
      return db.write('router.deleteTargetGroup', () => {
        if (db.get('SELECT 1 FROM router_listener_forwards WHERE target_group_arn = ?', arn)) return 'in-use';
        return db.run('DELETE FROM router_target_groups WHERE arn = ?', arn) > 0 ? 'deleted' : 'missing';
      });
    },
    async createListener(record) {
      return db.write('router.createListener', () => {
        const check = checkListener(record.arn, record.loadBalancerArn, record.port, record.forward);
        if (check !== 'ok') return check;
        db.run('INSERT INTO router_listeners (arn, load_balancer_arn, port, protocol, created) VALUES (?, ?, ?, ?, ?)',
          record.arn, record.loadBalancerArn, record.port, record.protocol, record.created);
        writeForwards(record.arn, record.forward);
        return 'ok';
      });
    },
    async updateListener(arn, change) {
      return db.write('router.updateListener', () => {
        const row = db.get<ListenerRow>('SELECT * FROM router_listeners WHERE arn = ?', arn);
        if (!row) return 'missing';
        const check = checkListener(arn, row.load_balancer_arn, change.port, change.forward);
        if (check !== 'ok') return check;
        db.run('UPDATE router_listeners SET port = ? WHERE arn = ?', change.port, arn);
        writeForwards(arn, change.forward);
        return 'ok';
      });
    },
    async deleteListener(arn) {
      return one('deleteListener', () => db.run('DELETE FROM router_listeners WHERE arn = ?', arn) > 0);
    },
    ...makeRouterTargetStore(db),
  };
}
