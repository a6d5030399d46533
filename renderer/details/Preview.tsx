import { micromark } from 'micromark';
import { useVirtualizer } from '@tanstack/react-virtual';
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { BridgeErrorShape, ObjectPreview } from '../../electron/contract';
import { bridge, describeError } from '../api';
import { formatBytes } from '../format';
import { useStore } from '../store/store';
import { TextEditor } from './TextEditor';
import { MediaPlayer } from './MediaPreview';
import { highlighted, languageOf } from './highlight';

const PdfPreview = lazy(() => import('./PdfPreview'));

const MORE_BYTES = 8 * 1024 * 1024;
/** PDFs, audio and video are read whole (a PDF's index is at its end) up to this size. */
const MEDIA_BYTES = 32 * 1024 * 1024;
const HEX_BYTES = 512;

type Kind = 'image' | 'pdf' | 'audio' | 'video' | 'json' | 'table' | 'markdown' | 'text' | 'hex';
type MediaKind = 'pdf' | 'audio' | 'video';

const AUDIO_NAMES = /\.(mp3|wav|ogg|oga|opus|flac|m4a|aac|weba)$/i;
const VIDEO_NAMES = /\.(mp4|m4v|webm|ogv|mov)$/i;

/** What needs the whole file to be shown, known from the name and type alone. */
function mediaKindOf(key: string, type: string | undefined): MediaKind | undefined {
  if (type === 'application/pdf' || /\.pdf$/i.test(key)) return 'pdf';
  if (type?.startsWith('audio/') || AUDIO_NAMES.test(key)) return 'audio';
  if (type?.startsWith('video/') || VIDEO_NAMES.test(key)) return 'video';
  return undefined;
}

const IMAGE_TYPES = /^image\/(png|jpeg|gif|webp|avif|svg\+xml)$/;
const IMAGE_NAMES = /\.(png|jpe?g|gif|webp|avif|svg)$/i;
const TEXT_NAMES =
  /\.(txt|log|md|markdown|csv|tsv|json|ya?ml|xml|html?|css|js|mjs|ts|tsx|py|rb|go|rs|java|c|h|cpp|sh|ini|toml|conf|sql)$/i;

function kindOf(key: string, type: string | undefined, bytes: Uint8Array): Kind {
  if ((type && IMAGE_TYPES.test(type)) || IMAGE_NAMES.test(key)) return 'image';
  const media = mediaKindOf(key, type);
  if (media) return media;
  if (new TextDecoder().decode(bytes.subarray(0, 5)) === '%PDF-') return 'pdf';
  if (/\.json$/i.test(key) || type === 'application/json') return 'json';
  if (/\.(csv|tsv)$/i.test(key) || type === 'text/csv' || type === 'text/tab-separated-values') return 'table';
  if (/\.(md|markdown)$/i.test(key) || type === 'text/markdown') return 'markdown';
  if (type?.startsWith('text/') || TEXT_NAMES.test(key)) return 'text';
  // Unknown types: text if the bytes read as UTF-8 without control characters, else hex.
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 4096));
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? 'hex' : 'text';
  } catch {
    return 'hex';
  }
}

/** JSON that parses (a truncated file does not: it is shown as text). */
function parsedJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function decode(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** JSON pretty and foldable: objects and arrays are <details> that open and close. */
function JsonNode({ name, value, depth }: { name?: string; value: unknown; depth: number }): ReactNode {
  const label = name === undefined ? null : <span className="json-key">{JSON.stringify(name)}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-leaf">
        {label}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as object);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <details open={depth < 2} className="json-node">
      <summary>
        {label}
        {open}
        <span className="muted">
          {' '}
          {entries.length} {Array.isArray(value) ? 'items' : 'keys'}{' '}
        </span>
        {close}
      </summary>
      {entries.map(([k, v]) => (
        <JsonNode key={k} name={Array.isArray(value) ? undefined : k} value={v} depth={depth + 1} />
      ))}
    </details>
  );
}

/**
 * Delimited text as rows of cells: quoted fields may hold the separator, doubled quotes and line
 * breaks, as RFC 4180 has them. Written here because it is twenty lines; a CSV library would be
 * larger than the preview it serves.
 */
export function parseDelimited(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((x) => x !== '')) rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  row.push(cell);
  if (row.some((x) => x !== '')) rows.push(row);
  return rows;
}

const TABLE_ROW_HEIGHT = 22;

/** A CSV/TSV as a table whose rows are virtualized: every row read, only those on screen drawn. */
function Table({ text, separator }: { text: string; separator: string }) {
  const rows = useMemo(() => parseDelimited(text, separator), [text, separator]);
  const [head = [], ...body] = rows;
  const width = Math.max(head.length, ...body.slice(0, 50).map((r) => r.length));
  const columns = `repeat(${width}, minmax(90px, 1fr))`;
  const scroll = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtualizer = useVirtualizer({
    count: body.length,
    getScrollElement: () => scroll.current,
    estimateSize: () => TABLE_ROW_HEIGHT,
    overscan: 20,
  });
  return (
    <>
      <div
        className="preview-table-wrap"
        ref={scroll}
        role="table"
        data-testid="preview-table"
        aria-rowcount={body.length + 1}
      >
        <div className="grid-row head" role="row" style={{ gridTemplateColumns: columns }}>
          {head.map((cell, i) => (
            <span key={i} role="columnheader">
              {cell}
            </span>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => (
            <div
              key={item.index}
              className="grid-row"
              role="row"
              style={{
                gridTemplateColumns: columns,
                transform: `translateY(${item.start}px)`,
                height: TABLE_ROW_HEIGHT,
              }}
            >
              {body[item.index]!.map((cell, i) => (
                <span key={i} role="cell" title={cell}>
                  {cell}
                </span>
              ))}
            </div>
          ))}
        </div>
      </div>
      <p className="muted" data-testid="preview-table-count">
        {body.length.toLocaleString()} row{body.length === 1 ? '' : 's'}
      </p>
    </>
  );
}

/** Characters a hex line of `n` bytes takes: offset, the bytes, their text. */
const hexLineChars = (n: number, offsetDigits: number, gap: number) => offsetDigits + gap + (3 * n - 1) + gap + n;
/** Bytes per line and the spaces between the columns, widest first. */
const HEX_LAYOUTS = [
  { perLine: 16, gap: 2 },
  { perLine: 8, gap: 2 },
  { perLine: 8, gap: 1 },
  { perLine: 4, gap: 1 },
];

/**
 * Bytes as a hex dump, as many per line as the box shows whole (16, 8 or 4): in the details pane
 * 16 did not fit, so each line showed its first bytes and its text was off to the right.
 */
function Hex({ bytes }: { bytes: Uint8Array }) {
  const box = useRef<HTMLPreElement>(null);
  const [{ perLine, gap }, setLayout] = useState(HEX_LAYOUTS[0]!);
  const shown = Math.min(bytes.length, HEX_BYTES);
  // Offsets as long as the last one needs (at least four digits), leaving room for the bytes.
  const digits = Math.max(4, Math.max(0, shown - 1).toString(16).length);
  useEffect(() => {
    const pre = box.current;
    if (!pre) return;
    const probe = document.createElement('span');
    probe.textContent = '0'.repeat(10);
    probe.style.visibility = 'hidden';
    probe.style.position = 'absolute';
    pre.appendChild(probe);
    const charWidth = probe.getBoundingClientRect().width / 10;
    probe.remove();
    const fit = () => {
      const style = getComputedStyle(pre);
      const room = (pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)) / charWidth;
      setLayout(HEX_LAYOUTS.find((l) => hexLineChars(l.perLine, digits, l.gap) <= room) ?? HEX_LAYOUTS.at(-1)!);
    };
    fit();
    const watch = new ResizeObserver(fit);
    watch.observe(pre);
    return () => watch.disconnect();
  }, [digits]);
  const lines: string[] = [];
  for (let at = 0; at < shown; at += perLine) {
    const chunk = [...bytes.subarray(at, at + perLine)];
    const hex = chunk.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = chunk.map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    const space = ' '.repeat(gap);
    lines.push(`${at.toString(16).padStart(digits, '0')}${space}${hex.padEnd(3 * perLine - 1)}${space}${ascii}`);
  }
  return (
    <pre className="preview-hex" data-testid="preview-hex" data-per-line={perLine} ref={box}>
      {lines.join('\n')}
    </pre>
  );
}

/**
 * A look inside without downloading: main reads the first MiB (8 MiB on request) with a ranged
 * GET through the transport, so it shows in the request log and the page keeps its no-remote
 * Content-Security-Policy. Images (SVG too) are shown as images from a data: URL, where no script
 * of theirs can run; JSON pretty and foldable; CSV/TSV as a table; text as text; anything else as a
 * hex view of its first bytes. What was cut says so.
 */
export function Preview({
  objectKey,
  versionId,
  canEdit = false,
}: {
  objectKey: string;
  versionId?: string;
  /** The identity may write here and this is the latest version: small texts can be edited. */
  canEdit?: boolean;
}) {
  const connectionId = useStore((s) => s.connectionId);
  const bucket = useStore((s) => s.bucket);
  // How much to read, asked for one object: the next object starts again from the first MiB.
  const object = `${bucket}\n${objectKey}\n${versionId ?? ''}`;
  const [more, setMore] = useState<{ for: string; bytes: number }>();
  const maxBytes = more?.for === object ? more.bytes : undefined;
  const setMaxBytes = (bytes: number) => setMore({ for: object, bytes });
  // Which object is being edited: another object selected meanwhile is not.
  const [editingFor, setEditingFor] = useState<string>();
  const editing = editingFor === object;
  const [reads, setReads] = useState(0);
  const wanted = `${object}\n${maxBytes ?? ''}\n${reads}`;
  // The answer remembers what it answers: anything else is still loading.
  const [answer, setAnswer] = useState<{ for: string; value: ObjectPreview | BridgeErrorShape }>();
  useEffect(() => {
    if (!connectionId || !bucket) return;
    let current = true;
    const api = bridge();
    const read = (bytes?: number) =>
      api['object/preview']({ connectionId, bucket, key: objectKey, maxBytes: bytes, versionId });
    read(maxBytes)
      // A PDF, a song or a film is read whole (up to MEDIA_BYTES): the first MiB of one shows nothing.
      .then((first) =>
        maxBytes === undefined &&
        first.truncated &&
        first.size <= MEDIA_BYTES &&
        mediaKindOf(objectKey, first.contentType)
          ? read(first.size)
          : first,
      )
      .then(
        (value) => current && setAnswer({ for: wanted, value }),
        (error: unknown) => current && setAnswer({ for: wanted, value: describeError(error) }),
      );
    return () => {
      current = false;
    };
  }, [connectionId, bucket, objectKey, versionId, maxBytes, wanted, reads]);
  const preview = answer?.for === wanted ? answer.value : 'loading';
  const bytes = useMemo(
    () => (preview !== 'loading' && !('code' in preview) ? decode(preview.base64) : new Uint8Array()),
    [preview],
  );
  if (preview === 'loading') return <p className="muted">Loading a preview…</p>;
  if ('code' in preview) {
    return (
      <p className="muted" data-testid="preview-error">
        No preview: {preview.message}
      </p>
    );
  }
  const kind = kindOf(objectKey, preview.contentType, bytes);
  const media = kind === 'pdf' || kind === 'audio' || kind === 'video';
  const text = kind === 'hex' || kind === 'image' || media ? '' : new TextDecoder().decode(bytes);
  const json = kind === 'json' ? parsedJson(text) : undefined;
  let body: ReactNode;
  if (kind === 'image') {
    body = preview.truncated ? (
      <p className="muted">The image is larger than what was read.</p>
    ) : (
      <img
        className="preview-image"
        alt={objectKey}
        src={`data:${preview.contentType?.startsWith('image/') ? preview.contentType : 'image/*'};base64,${preview.base64}`}
        data-testid="preview-image"
      />
    );
  } else if (media && preview.truncated) {
    body =
      preview.size > MEDIA_BYTES ? (
        <p className="muted" data-testid="preview-too-large">
          {formatBytes(preview.size)} is more than a preview reads ({formatBytes(MEDIA_BYTES)}): download it to{' '}
          {kind === 'pdf' ? 'read' : 'play'} it.
        </p>
      ) : (
        <p className="muted">Loading a preview…</p>
      );
  } else if (kind === 'pdf') {
    body = (
      <Suspense fallback={<p className="muted">Opening the PDF…</p>}>
        <PdfPreview bytes={bytes} />
      </Suspense>
    );
  } else if (kind === 'audio' || kind === 'video') {
    body = (
      <MediaPlayer
        kind={kind}
        bytes={bytes}
        type={preview.contentType?.startsWith(`${kind}/`) ? preview.contentType : ''}
      />
    );
  } else if (kind === 'json' && json !== undefined) {
    body = (
      <div className="preview-json" data-testid="preview-json">
        <JsonNode value={json.value} depth={0} />
      </div>
    );
  } else if (kind === 'markdown') {
    // micromark escapes raw HTML and drops dangerous link protocols unless told otherwise (it is
    // not told): a README's <script> or javascript: link is shown as text, never run.
    body = (
      <div
        className="preview-markdown"
        data-testid="preview-markdown"
        dangerouslySetInnerHTML={{ __html: micromark(text) }}
      />
    );
  } else if (kind === 'table') {
    body = <Table text={text} separator={/\.tsv$/i.test(objectKey) ? '\t' : ','} />;
  } else if (kind === 'text' || kind === 'json') {
    const language = languageOf(objectKey);
    const coloured = language ? highlighted(text, language) : undefined;
    body = coloured ? (
      // highlight.js escapes the text: the only markup is its own spans.
      <pre className="preview-text hljs" data-testid="preview-text" data-language={language}>
        <code dangerouslySetInnerHTML={{ __html: coloured }} />
      </pre>
    ) : (
      <pre className="preview-text" data-testid="preview-text">
        {text}
      </pre>
    );
  } else {
    body = <Hex bytes={bytes} />;
  }
  const editable =
    canEdit && !preview.truncated && preview.etag !== undefined && ['text', 'json', 'markdown', 'table'].includes(kind);
  return (
    <div className="preview" data-testid="preview" data-kind={kind}>
      <h4>
        Preview
        {editable && (
          <button
            type="button"
            className="link-button"
            onClick={() => setEditingFor(object)}
            data-testid="edit-text-button"
          >
            Edit text
          </button>
        )}
      </h4>
      {body}
      {editing && preview.etag && (
        <TextEditor
          objectKey={objectKey}
          text={text}
          etag={preview.etag}
          onDone={(changed) => {
            setEditingFor(undefined);
            if (changed) setReads((n) => n + 1); // read again: what is in S3 now
          }}
        />
      )}
      {(preview.truncated || (kind === 'hex' && bytes.length > HEX_BYTES)) && !media && (
        <p className="muted" data-testid="preview-truncated">
          {/* A hex view shows its first bytes only, however many were read. */}
          The first {formatBytes(kind === 'hex' ? Math.min(bytes.length, HEX_BYTES) : bytes.length)} of{' '}
          {formatBytes(preview.size)}.{' '}
          {bytes.length < MORE_BYTES && preview.size > bytes.length && kind !== 'hex' && (
            <button type="button" className="link-button" onClick={() => setMaxBytes(MORE_BYTES)}>
              Read up to {formatBytes(MORE_BYTES)}
            </button>
          )}
        </p>
      )}
    </div>
  );
}
