export interface BenchResult {
  name: string;
  requests?: number;
  ms: number;
  bytes?: number;
  peakRssMiB?: number;
  /** The client's own CPU time (user + system), where it runs as a process of its own. */
  cpuSeconds?: number;
  note?: string;
}

/**
 * Every client runs `rounds` times in a rotating order (the store is warmer for whoever goes
 * later); `once` prepares and measures one run. The median run of each client is reported, with
 * every round's time in its note.
 */
export async function medianOfRotatingRounds<C extends { name: string }>(
  clients: C[],
  rounds: number,
  once: (client: C) => Promise<BenchResult>,
): Promise<BenchResult[]> {
  const runs = new Map<string, BenchResult[]>(clients.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < clients.length; i++) {
      const client = clients[(i + round) % clients.length]!;
      runs.get(client.name)!.push(await once(client));
    }
  }
  return clients.map((c) => {
    const sorted = runs.get(c.name)!.sort((a, b) => a.ms - b.ms);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    return {
      ...median,
      note: `${median.note}; median of ${sorted.length} (${sorted.map((r) => (r.ms / 1000).toFixed(1)).join(' / ')} s)`,
    };
  });
}

/** One table, peers side by side. */
export function printTable(title: string, results: BenchResult[]): void {
  const rows = results.map((r) => [
    r.name,
    r.requests !== undefined ? String(r.requests) : '—',
    `${(r.ms / 1000).toFixed(2)} s`,
    r.bytes !== undefined ? `${(r.bytes / r.ms / 1024 / 1.024).toFixed(1)} MB/s` : '—',
    r.peakRssMiB !== undefined ? `${r.peakRssMiB.toFixed(0)} MiB` : '—',
    r.cpuSeconds !== undefined ? `${r.cpuSeconds.toFixed(1)} s` : '—',
    r.note ?? '',
  ]);
  const header = ['client', 'HTTP requests', 'wall time', 'throughput', 'peak RSS', 'client CPU', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(
    `\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`,
  );
}
