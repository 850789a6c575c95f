import { describe, expect, it } from 'vitest';
import { backends } from './backends.ts';

describe.each(backends)('ping on $name', (backend) => {
  it('resolves while the database answers', async () => {
    const database = await backend.create();
    try {
      const { store } = await database.open();
      await expect(store.ping()).resolves.toBeUndefined();
    } finally {
      await database.cleanup();
    }
  });

  it('rejects once the store is closed (failure)', async () => {
    const database = await backend.create();
    try {
      const { store } = await database.open();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
    } finally {
      await database.cleanup();
    }
  });
});
