export function bundleRangeWorker(): string;
export function rangeWorkerBuildOptions(): {
  define: Record<string, string>;
  logOverride: Record<string, 'silent'>;
};
