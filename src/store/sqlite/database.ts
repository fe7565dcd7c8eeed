/**
 * One `node:sqlite` connection with a prepared-statement cache, transactions and the SQLite
 * store's error convention. Every other file of the SQLite store talks to the database through
 * this class only.
 *
 * Concurrency: node:sqlite is synchronous, so a transaction opened here runs to its end without
 * yielding to the event loop; two calls of one process never interleave inside a transaction.
 * Between processes, SQLite's file lock serialises writers. Every write transaction starts with
 * `BEGIN IMMEDIATE`, which takes the write lock up front (waiting up to `busy_timeout`), so a
 * transaction never fails half-way when a read lock cannot be upgraded (SQLITE_BUSY_SNAPSHOT in
 * WAL mode). Multi-statement reads run inside `BEGIN` … `COMMIT` to see one snapshot.
 *
 * Errors: anything the database throws is wrapped in a SluiceError('InternalFailure') that names
 * the operation (never its parameters: they may hold secrets) and keeps the original as `cause`;
 * a busy or locked database gives a retryable error. SluiceErrors pass through unchanged, and so
 * does whatever a caller-supplied function throws (see `passThrough`).
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { coerceError, isSluiceError, SluiceError } from '../../model/errors.ts';

export type SqlValue = SQLInputValue;

/** SQLite primary result codes that mean "another connection holds the lock". */
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;

/** Carries an error thrown by caller code through `write`/`read` without wrapping it. */
class PassThrough extends Error {
  readonly error: unknown;
  constructor(error: unknown) {
    super('passes a caller error through a store transaction');
    this.error = error;
  }
}

/** Runs `fn`; whatever it throws leaves the enclosing transaction unwrapped (after ROLLBACK). */
export function passThrough<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new PassThrough(e);
  }
}

export class SqliteDb {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, ...params: SqlValue[]): number {
    return Number(this.#statement(sql).run(...params).changes);
  }

  get<T>(sql: string, ...params: SqlValue[]): T | undefined {
    return this.#statement(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: SqlValue[]): T[] {
    return this.#statement(sql).all(...params) as T[];
  }

  /** Runs a script of several statements (migrations, pragmas); not cached. */
  exec(sql: string): void {
    this.#db.exec(sql);
  }

  /** `body` inside `BEGIN IMMEDIATE` … `COMMIT`; ROLLBACK when it throws. */
  write<T>(operation: string, body: () => T): T {
    return this.#transaction(operation, 'BEGIN IMMEDIATE', body);
  }

  /** `body` inside a read transaction, so every statement sees the same snapshot. */
  read<T>(operation: string, body: () => T): T {
    return this.#transaction(operation, 'BEGIN', body);
  }

  /** One statement in autocommit mode: atomic on its own, no explicit transaction needed. */
  autocommit<T>(operation: string, body: () => T): T {
    try {
      return body();
    } catch (e) {
      throw wrapError(operation, e);
    }
  }

  /** Idempotent: closing a closed database does nothing. */
  close(): void {
    if (!this.#db.isOpen) return;
    this.#statements.clear();
    this.#db.close();
  }

  #transaction<T>(operation: string, begin: string, body: () => T): T {
    try {
      this.#statement(begin).run();
      const result = body();
      this.#statement('COMMIT').run();
      return result;
    } catch (e) {
      if (this.#db.isTransaction) this.#rollback();
      throw wrapError(operation, e);
    }
  }

  #rollback(): void {
    try {
      this.#statement('ROLLBACK').run();
    } catch {
      // The first error is the one worth reporting; SQLite has already rolled back when ROLLBACK
      // itself fails (e.g. after an I/O error).
    }
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

function wrapError(operation: string, e: unknown): unknown {
  if (e instanceof PassThrough) return e.error;
  if (isSluiceError(e)) return e;
  const err = coerceError(e);
  const code = (err as { errcode?: unknown }).errcode;
  const primary = typeof code === 'number' ? code & 0xff : undefined;
  return new SluiceError('InternalFailure', `Store operation ${operation} failed`, {
    cause: err,
    retryable: primary === SQLITE_BUSY || primary === SQLITE_LOCKED,
  });
}
