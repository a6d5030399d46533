/** Tasks still being answered, by name (see oneAtATime). */
const running = new Set<string>();

/**
 * Runs `task` unless one of the same name is still running: a second click on a button whose first
 * is still being answered (a save dialog, a folder chooser, a revert on its way) does nothing, where
 * it used to start the same thing twice.
 */
export async function oneAtATime(name: string, task: () => Promise<void>): Promise<void> {
  if (running.has(name)) return;
  running.add(name);
  try {
    await task();
  } finally {
    running.delete(name);
  }
}
