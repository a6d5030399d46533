// Rows of the versions view are versions, not keys: one key has many. Their selection ids join
// key and version id with a NUL, which no S3 key can hold (XML 1.0 cannot carry U+0000).
const SEPARATOR = '\u0000';

export function versionRowId(key: string, versionId: string): string {
  return `${key}${SEPARATOR}${versionId}`;
}

/** A row id as the key it names and, for a version row, its version id. */
export function parseRowId(id: string): { key: string; versionId?: string } {
  const at = id.indexOf(SEPARATOR);
  return at < 0 ? { key: id } : { key: id.slice(0, at), versionId: id.slice(at + 1) };
}

/** "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY" → "3HL4kqtJ…"; "null" stays. */
export function shortVersionId(versionId: string): string {
  return versionId.length > 10 ? `${versionId.slice(0, 8)}…` : versionId;
}
