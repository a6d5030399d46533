// What the window remembers between starts, per connection: the last place, and the buckets the
// user opened by name (they cannot be listed, so they would otherwise be lost). Kept in the page's
// own storage: nothing here is secret, and main never needs it.
const KEY = 'bucket-explorer.prefs.v1';

/** A folder (or a bucket's top, prefix '') the user marked to come back to, on its connection. */
export interface Favorite {
  connectionId: string;
  bucket: string;
  prefix: string;
  /** The name the user gave it; without one it shows its folder's (or bucket's) own name. */
  label?: string;
}

/** A favorite's name as typed, tidied: at most this long, and none at all when left empty. */
export const FAVORITE_LABEL_MAX = 60;
export function favoriteLabel(typed: string): string | undefined {
  const label = typed.trim().slice(0, FAVORITE_LABEL_MAX);
  return label === '' ? undefined : label;
}

export const samePlace = (a: Favorite, b: Favorite) =>
  a.connectionId === b.connectionId && a.bucket === b.bucket && a.prefix === b.prefix;

interface Prefs {
  panel?: { height: number; collapsed: boolean };
  lastConnection?: string;
  places: Record<string, { bucket: string; prefix: string }>;
  byName: Record<string, string[]>;
  favorites: Favorite[];
}

function read(): Prefs {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Prefs>;
    return {
      panel: parsed.panel,
      lastConnection: parsed.lastConnection,
      places: parsed.places ?? {},
      byName: parsed.byName ?? {},
      // Read back from storage anyone with the profile can edit: only entries of the right shape.
      favorites: (Array.isArray(parsed.favorites) ? parsed.favorites : []).filter(
        (f): f is Favorite =>
          typeof f?.connectionId === 'string' &&
          typeof f.bucket === 'string' &&
          typeof f.prefix === 'string' &&
          (f.label === undefined || typeof f.label === 'string'),
      ),
    };
  } catch {
    return { places: {}, byName: {}, favorites: [] };
  }
}

function write(change: (prefs: Prefs) => void): void {
  const prefs = read();
  change(prefs);
  try {
    localStorage.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // Storage full or unavailable: remembering is a convenience, never a failure.
  }
}

export const prefs = {
  // A first start gives the panel 300 px, or a third of a small window (the table needs rows more).
  panel: () => read().panel ?? { height: Math.min(300, Math.round(window.innerHeight / 3)), collapsed: false },
  setPanel: (panel: { height: number; collapsed: boolean }) => write((p) => (p.panel = panel)),
  lastConnection: () => read().lastConnection,
  setLastConnection: (id: string) => write((p) => (p.lastConnection = id)),
  lastPlace: (connectionId: string) => read().places[connectionId],
  setLastPlace: (connectionId: string, bucket: string, prefix: string) =>
    write((p) => (p.places[connectionId] = { bucket, prefix })),
  byName: (connectionId: string) => read().byName[connectionId] ?? [],
  favorites: () => read().favorites,
  setFavorites: (favorites: Favorite[]) => write((p) => (p.favorites = favorites)),
  rememberByName: (connectionId: string, bucket: string) =>
    write((p) => (p.byName[connectionId] = [...new Set([...(p.byName[connectionId] ?? []), bucket])])),
  forgetByName: (connectionId: string, bucket: string) =>
    write((p) => (p.byName[connectionId] = (p.byName[connectionId] ?? []).filter((b) => b !== bucket))),
};
