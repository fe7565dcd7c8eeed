/**
 * Runs at most `limit` tasks at once; the others wait their turn in call order. For expensive
 * work any caller can set off (password hashing), so a flood of it cannot take every thread.
 */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function makeLimiter(limit: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
