/**
 * Runs tasks of one key (a repository, an object key) one after another, in call order, and tasks
 * of different keys independently. A failed task does not stop the ones after it. In process only:
 * it orders one server's work, not several servers'.
 */
export type Serializer = <T>(key: string, task: () => Promise<T>) => Promise<T>;

export function makeSerializer(): Serializer {
  const tails = new Map<string, Promise<unknown>>();
  return (key, task) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
