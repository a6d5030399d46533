// The request log: one record per logical request, with every HTTP hop it took. Capped in
// memory (a ring of the newest records) so a long session cannot grow without bound; the count of
// records that fell off is reported so the UI can say so.
import type { HopRecord, RequestRecord } from '../contract.js';

export type NewRequest = Pick<RequestRecord, 'connectionId' | 'operation' | 'bucket' | 'key' | 'absentIsAnswer'>;

export class RequestLog {
  private readonly records: RequestRecord[] = [];
  private nextId = 1;
  private droppedCount = 0;
  private readonly listeners = new Set<(record: RequestRecord) => void>();

  constructor(private readonly capacity = 5000) {}

  start(request: NewRequest): RequestRecord {
    const record: RequestRecord = {
      ...request,
      id: this.nextId++,
      startedAt: Date.now(),
      hops: [],
      outcome: 'pending',
    };
    this.records.push(record);
    if (this.records.length > this.capacity) {
      this.records.shift();
      this.droppedCount++;
    }
    this.emit(record);
    return record;
  }

  addHop(record: RequestRecord, hop: HopRecord): void {
    record.hops.push(hop);
  }

  finish(record: RequestRecord, outcome: Partial<RequestRecord> & { outcome: 'ok' | 'error' }): void {
    Object.assign(record, outcome, { durationMs: Date.now() - record.startedAt });
    this.emit(record);
  }

  /** A body read to its end after the request finished (a download): its time counts too. */
  bodyEnded(record: RequestRecord): void {
    if (record.outcome === 'pending') return;
    record.durationMs = Date.now() - record.startedAt;
    this.emit(record);
  }

  since(afterId: number): { records: RequestRecord[]; dropped: number } {
    return { records: this.records.filter((r) => r.id > afterId), dropped: this.droppedCount };
  }

  get dropped(): number {
    return this.droppedCount;
  }

  subscribe(listener: (record: RequestRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(record: RequestRecord): void {
    for (const listener of this.listeners) listener(record);
  }
}

const SECRET_QUERY =
  /^(x-amz-signature|x-amz-credential|x-amz-security-token|signature|awsaccesskeyid|x-amz-s3session-token)$/i;

/** Whether a query parameter carries a signature, a credential or a token. */
export function isSecretQuery(name: string): boolean {
  return SECRET_QUERY.test(name);
}

/** A URL safe to show and export: signature, credential and token query values replaced. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (isSecretQuery(name)) parsed.searchParams.set(name, 'REDACTED');
  }
  return parsed.toString();
}

/**
 * A Location header as it may be shown and exported: a 307's Location can carry a presigned
 * query (signature, credential, token) like any URL; relative ones are read against the request.
 * One that cannot be read at all keeps only what comes before its query.
 */
export function redactLocation(location: string, requestUrl?: string): string {
  try {
    return redactUrl(new URL(location, requestUrl).toString());
  } catch {
    return `${location.split('?')[0]!.slice(0, 200)}${location.includes('?') ? '?…' : ''}`;
  }
}
