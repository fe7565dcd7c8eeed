/**
 * Custom action types on SQLite.
 *
 * Parameters: `create` (record); `get` (id); `list` ({ includeDeleted }); `delete` (id, now);
 * `update` (record). Every operation is one autocommit statement. A deleted type keeps its row
 * (`deleted_at` set), so its key stays taken.
 */
import type { ActionTypeId } from '../../model/pipeline.ts';
import type { ActionTypeStore, CustomActionTypeRecord } from '../action-type-ports.ts';
import type { SqliteDb, SqlValue } from './database.ts';

interface ActionTypeRow {
  category: string; owner: string; provider: string; version: string;
  settings: string; configuration_properties: string; input_artifact_details: string; output_artifact_details: string;
  extra: string; created: number; updated: number; deleted_at: number | null;
}

type Extra = Pick<CustomActionTypeRecord, 'description' | 'executor' | 'allowedAccounts' | 'tags'>;

const KEY = 'category = ? AND owner = ? AND provider = ? AND version = ?';

function keyOf(id: ActionTypeId): SqlValue[] {
  return [id.category, id.owner, id.provider, id.version];
}

/** The row's columns after the key, in table order. */
function columnsOf(record: CustomActionTypeRecord): SqlValue[] {
  const extra: Extra = {
    tags: record.tags,
    ...(record.description !== undefined && { description: record.description }),
    ...(record.executor !== undefined && { executor: record.executor }),
    ...(record.allowedAccounts !== undefined && { allowedAccounts: record.allowedAccounts }),
  };
  return [
    JSON.stringify(record.settings), JSON.stringify(record.configurationProperties),
    JSON.stringify(record.inputArtifactDetails), JSON.stringify(record.outputArtifactDetails),
    JSON.stringify(extra), record.created, record.updated, record.deletedAt ?? null,
  ];
}

function toRecord(row: ActionTypeRow): CustomActionTypeRecord {
  const extra = JSON.parse(row.extra) as Extra;
  return {
    id: { category: row.category, owner: row.owner, provider: row.provider, version: row.version } as ActionTypeId,
    settings: JSON.parse(row.settings) as CustomActionTypeRecord['settings'],
    configurationProperties: JSON.parse(row.configuration_properties) as CustomActionTypeRecord['configurationProperties'],
    inputArtifactDetails: JSON.parse(row.input_artifact_details) as CustomActionTypeRecord['inputArtifactDetails'],
    outputArtifactDetails: JSON.parse(row.output_artifact_details) as CustomActionTypeRecord['outputArtifactDetails'],
    ...extra,
    created: row.created,
    updated: row.updated,
    ...(row.deleted_at !== null && { deletedAt: row.deleted_at }),
  };
}

export function makeActionTypeStore(db: SqliteDb): ActionTypeStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`actionTypes.${operation}`, body);
  return {
    async create(record) {
      return one('create', () => db.run(`INSERT INTO action_types (category, owner, provider, version, settings,
        configuration_properties, input_artifact_details, output_artifact_details, extra, created, updated, deleted_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (category, owner, provider, version) DO NOTHING`, ...keyOf(record.id), ...columnsOf(record)) > 0);
    },
    async get(id) {
      const row = one('get', () => db.get<ActionTypeRow>(`SELECT * FROM action_types WHERE ${KEY}`, ...keyOf(id)));
      return row && toRecord(row);
    },
    async list(options = {}) {
      const rows = one('list', () => db.all<ActionTypeRow>(`SELECT * FROM action_types
        WHERE deleted_at IS NULL OR ? ORDER BY category, owner, provider, version`, options.includeDeleted ? 1 : 0));
      return rows.map(toRecord);
    },
    async delete(id, now) {
      return one('delete', () => db.run(`UPDATE action_types SET deleted_at = ?, updated = ?
        WHERE ${KEY} AND deleted_at IS NULL`, now, now, ...keyOf(id)) > 0);
    },
    async update(record) {
      return one('update', () => db.run(`UPDATE action_types SET settings = ?, configuration_properties = ?,
        input_artifact_details = ?, output_artifact_details = ?, extra = ?, created = ?, updated = ?, deleted_at = ?
        WHERE ${KEY}`, ...columnsOf(record), ...keyOf(record.id)) > 0);
    },
  };
}
