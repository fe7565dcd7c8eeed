/**
 * The real clock and ID generator, injected into everything that is pure.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IdGen } from '../engine/context.ts';

export interface Clock { now(): number }

export const systemClock: Clock = { now: () => Date.now() };

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const randomIds: IdGen = {
  uuid: () => randomUUID(),
  token(length) {
    // 62 * 4 = 248 < 256: rejecting bytes ≥ 248 keeps every character equally likely.
    let out = '';
    while (out.length < length) {
      for (const byte of randomBytes(length * 2)) {
        if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
      }
    }
    return out;
  },
};
