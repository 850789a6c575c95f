import { useState } from 'preact/hooks';

/** A server id and its dashboard token. */
export interface Credentials {
  readonly guildId: string;
  readonly token: string;
}

// sessionStorage: the token lives as long as the tab, is never written to the URL, and is not shared with other tabs.
const KEY = 'portdeck.dashboard';

function read(): Credentials | null {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<Credentials> | null;
    return typeof parsed?.guildId === 'string' && typeof parsed.token === 'string'
      ? { guildId: parsed.guildId, token: parsed.token }
      : null;
  } catch {
    return null;
  }
}

/** The credentials kept for this tab, and a setter that keeps (or, with null, forgets) them. */
export function useCredentials(): [Credentials | null, (next: Credentials | null) => void] {
  const [credentials, setCredentials] = useState(read);
  const update = (next: Credentials | null): void => {
    if (next === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, JSON.stringify(next));
    setCredentials(next);
  };
  return [credentials, update];
}
