/**
 * Runs one user's writes one after another within this process (different users' run side by side). Other
 * processes are kept in step by the database (the user's row lock, or the version check of an optimistic write);
 * this only keeps the process's own per-user cache from being read while another write of the same user
 * is changing it.
 */
export class UserQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(userId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.#tails.set(userId, tail);
    void tail.then(() => {
      if (this.#tails.get(userId) === tail) this.#tails.delete(userId);
    });
    return result;
  }
}
