// The store's shape: one slice a domain, combined in store.ts.
import type { Favorite } from './prefs';
import type { NewLifecycleRule } from '../../electron/shared/lifecycle';
import type { NewCorsRule } from '../../electron/shared/cors-rules';
import type { DefaultEncryption } from '../../electron/shared/default-encryption';
import type { WebsiteSetting } from '../../electron/shared/website';
import type { BucketLock } from '../../electron/shared/object-lock';
import type {
  CopyPlan,
  BucketAccessReport,
  PublicAccessState,
  BridgeErrorShape,
  BucketVersioning,
  VersionRow,
  BucketSummary,
  ConflictPolicy,
  ConnectionSummary,
  DemoStatus,
  ObjectDetails,
  ObjectRow,
  ProbeDepth,
  ProbeResult,
  RequestRecord,
  TransferProgress,
  UploadAnswer,
} from '../../electron/contract';

import type { Selection } from '../browser/selection';
import type { TransferBatch } from '../../electron/shared/transfer-batches';

export const LOG_CAPACITY = 2000;

export interface ConnectionsSlice {
  connections: ConnectionSummary[];
  connectionId?: string;
  /** The user picked the connection (so a late-arriving Demo does not take over). */
  connectionChosen: boolean;
  demo: DemoStatus;
  loadConnections(): Promise<void>;
  selectConnection(id: string, options?: { byUser?: boolean; restorePlace?: boolean }): Promise<void>;
  connectionsChanged(connections: ConnectionSummary[]): Promise<void>;
}

export interface ListedBucket extends BucketSummary {
  /** Opened by name (not listed): remembered per connection, and can be removed from the list. */
  byName?: boolean;
}

export interface BucketsSlice {
  buckets: ListedBucket[];
  bucketsError?: BridgeErrorShape;
  bucketsLoading: boolean;
  probes: Record<string, ProbeResult | 'probing'>;
  loadBuckets(): Promise<void>;
  /** depth 'region' (default for the list) is one HeadBucket; 'full' adds the permission checks. */
  probe(bucket: string, options?: { refresh?: boolean; depth?: ProbeDepth }): Promise<void>;
  /** Open a bucket (its full probe, then its listing; one 301 at most when its region is new). */
  openBucket(bucket: string, prefix?: string): Promise<void>;
  /** A name, `s3://bucket/path` or an S3 URL; false (with a notice in words) when it is not one. */
  openBucketByName(input: string): Promise<boolean>;
  forgetBucket(bucket: string): void;
  createBucket(name: string, region: string, objectLock?: boolean): Promise<boolean>;
  deleteBucket(name: string): Promise<void>;
}

/** A recursive search under the folder on screen: results stream in, page by page. */
export interface SearchState {
  pattern: string;
  prefix: string;
  results: ObjectRow[];
  scanned: number;
  state: 'running' | 'done' | 'stopped' | 'capped' | 'error';
  /** Results shown at most; the user can raise it. */
  cap: number;
  error?: string;
}

export interface BrowseSlice {
  search?: SearchState;
  /** Search every key below the folder on screen for `pattern` (text, or a glob). */
  startSearch(pattern: string, cap?: number): Promise<void>;
  stopSearch(): void;
  /** Back to the folder's own listing. */
  closeSearch(): void;
  /** Keys deleted or moved away: out of the search results on screen (and out of the selection). */
  forgetResults(keys: Set<string>): void;
  /** Go to a key's folder and select it (a search result, a pasted path). */
  goToKey(key: string): Promise<void>;
  /** Opens what a transfer made or changed: its connection, bucket and folder, the object selected. */
  showInBucket(connectionId: string, bucket: string, key: string): Promise<void>;
  /** Opens a folder on a connection (switching to it first when it is another). */
  openPlace(connectionId: string, bucket: string, prefix: string): Promise<void>;
  /** Folders to come back to, across connections (kept between starts). */
  favorites: Favorite[];
  /** Adds the folder (the one open, when none is given) to the favorites, or takes it away. */
  toggleFavorite(place?: Favorite): void;
  /** Names a favorite (an empty name gives it back its folder's own). */
  renameFavorite(place: Favorite, typed: string): void;
  /** Moves a favorite one place up (-1) or down (1) among those the sidebar shows. */
  moveFavorite(place: Favorite, step: -1 | 1): void;
  bucket?: string;
  prefix: string;
  folders: string[];
  objects: ObjectRow[];
  listing: 'idle' | 'loading' | 'done' | 'error';
  listError?: BridgeErrorShape;
  filter: string;
  history: Array<{ bucket: string; prefix: string }>;
  historyIndex: number;
  /** The one selection: focused row, Shift anchor, and the selected set every action acts on. */
  selection: Selection;
  details?: ObjectDetails | 'loading' | BridgeErrorShape;
  /** Replace the selection; one selected object shows its details. */
  select(next: Selection): void;
  createFolder(name: string): Promise<void>;
  /** `folderObjects`: how many objects the confirmation counted inside the selected folders. */
  deleteSelection(folderObjects?: number): Promise<void>;
  download(key: string, versionId?: string): Promise<void>;
  shareLink(key: string, expiresInSeconds: number, versionId?: string): Promise<string | undefined>;
  /** The object's plain URL (it opens only what is public); undefined when it could not be made, said in the notice. */
  objectUrl(key: string): Promise<string | undefined>;
  /**
   * Lists the folder on screen again; settles when its listing has. While search results are on
   * screen the folder is listed when the search is left instead (listing it would end the search).
   */
  refresh(): Promise<void>;
  /** What F5 and ⟳ do: the search on screen runs again, or the folder is listed again. */
  reload(): Promise<void>;
  open(bucket: string, prefix: string, options?: { fromHistory?: boolean }): Promise<void>;
  back(): void;
  forward(): void;
  setFilter(filter: string): void;
  /** Select one object (or none) and show its details. */
  selectObject(key: string | undefined): Promise<void>;
  /** Read the selected object's details again (after an edit). */
  reloadDetails(): void;
}

export interface LogSlice {
  logIds: number[]; // newest first
  logById: Record<number, RequestRecord>;
  logDropped: number;
  logFilter: 'all' | 'redirected' | 'errors';
  /** Only requests for this bucket ('' = every bucket). */
  logBucket: string;
  /** Text search over operation, bucket/key, statuses and codes. */
  logSearch: string;
  /** Records up to this id were cleared from view (main keeps them for export). */
  logClearedThrough: number;
  selectedRequestId?: number;
  setLogBucket(bucket: string): void;
  setLogSearch(search: string): void;
  appendRecords(records: RequestRecord[]): void;
  setLogFilter(filter: LogSlice['logFilter']): void;
  selectRequest(id: number | undefined): void;
  clearLog(): void;
}

/** What to do when an uploaded name exists: ask (once per batch), or a policy chosen for the session. */
export type ConflictChoice = ConflictPolicy | 'ask';

export interface PendingConflict {
  planId: string;
  /** How many names of the batch exist, a few of them, and the batch's size. */
  count: number;
  examples: string[];
  total: number;
  /** Where the names exist: `s3://bucket/prefix/` for uploads, the local folder for downloads. */
  where: string;
  direction: 'upload' | 'download';
}

export interface TransfersSlice {
  /**
   * The rows by id. Changed in place as rows arrive (a new object each delivery would mean copying
   * every row): select a row (`s.transfersById[id]`), never the whole record.
   */
  transfersById: Record<string, TransferProgress>;
  /** The rows grouped as they were started, newest first, each with its counts kept up to date. */
  transferBatches: TransferBatch[];
  conflict: ConflictChoice;
  /** The storage class uploads are written in ('' : the bucket's default). */
  uploadClass: string;
  setUploadClass(storageClass: string): void;
  /** A batch waiting for the user's answer about names that exist. */
  pendingConflict?: PendingConflict;
  applyProgress(rows: TransferProgress[]): void;
  /** Upload dropped files: the bridge turns them into paths, the page never does. */
  upload(files: File[], prefix?: string): Promise<void>;
  pickAndUpload(): Promise<void>;
  afterUpload(answer: UploadAnswer, bucket: string, prefix: string): void;
  /** Download the selection: one object through a save dialog, anything more into a folder. */
  downloadSelection(): Promise<void>;
  /** Answer the pending batch; "apply to all" keeps the answer for the rest of the session. */
  resolveConflict(decision: ConflictPolicy | 'cancel', applyToAll: boolean): Promise<void>;
  setConflict(policy: ConflictChoice): void;
  clearFinished(): Promise<void>;
  controlAll(action: 'pause' | 'resume' | 'cancel', batchId?: string): Promise<void>;
  reveal(id: string): Promise<void>;
  controlTransfer(id: string, action: 'pause' | 'resume' | 'cancel'): Promise<void>;
}

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export interface UiSlice {
  bottomTab: 'log' | 'transfers';
  setBottomTab(tab: UiSlice['bottomTab']): void;
  /** The bottom panel's height in pixels, and whether it is folded to its tabs. */
  bottomHeight: number;
  bottomCollapsed: boolean;
  setBottomHeight(height: number): void;
  toggleBottom(): void;
  notice?: Notice;
  notify(kind: Notice['kind'], text: string): void;
  notifyError(error: unknown): void;
  dismissNotice(): void;
  /** Export what the log shows (ids), or every record when none are given. */
  exportLog(format: 'har' | 'json', ids?: number[]): Promise<void>;
  /** The list of keyboard shortcuts is open (F1, ?). */
  keyboardHelp: boolean;
  setKeyboardHelp(open: boolean): void;
}

export interface VersionsSlice {
  /** The table lists versions and delete markers instead of objects (off by default: it costs more). */
  showVersions: boolean;
  versionRows: VersionRow[];
  versionFolders: string[];
  versionsListing: 'idle' | 'loading' | 'done' | 'error';
  versionsError?: BridgeErrorShape;
  /** Each bucket's versioning, once asked (the info pane asks). */
  versioning: Record<string, BucketVersioning | 'loading' | BridgeErrorShape>;
  setShowVersions(on: boolean): void;
  loadVersions(bucket: string, prefix: string): Promise<void>;
  loadVersioning(bucket: string): Promise<void>;
  changeVersioning(bucket: string, status: 'Enabled' | 'Suspended'): Promise<void>;
  revertVersion(key: string, versionId: string): Promise<void>;
  purgeVersions(versions: Array<{ key: string; versionId: string }>, bypassGovernance?: boolean): Promise<void>;
  undelete(keys: string[], prefixes: string[]): Promise<void>;
  purgeOldVersions(prefix: string): Promise<void>;
}

export interface AccessSlice {
  /** Each bucket's public-access report, once read (the list's chips and the info pane). */
  access: Record<string, BucketAccessReport | 'loading' | BridgeErrorShape>;
  /** The bucket list shows only buckets in this state. */
  accessFilter: PublicAccessState | 'all';
  setAccessFilter(filter: PublicAccessState | 'all'): void;
  loadAccess(bucket: string, refresh?: boolean): Promise<void>;
  /** Read the report of every reachable bucket not read yet, two at a time (a filter asks for it). */
  loadAccessChips(): Promise<void>;
  /** Save (or with null remove) the policy; false when S3 refused (the notice says why). */
  savePolicy(bucket: string, policy: string | null): Promise<boolean>;
  saveBlock(bucket: string, switches: NonNullable<BucketAccessReport['blockPublicAccess']>): Promise<boolean>;
  /** Take away lifecycle rules and add one; false when S3 refused (the notice says why). */
  saveLifecycle(bucket: string, change: { add?: NewLifecycleRule; remove?: string[] }): Promise<boolean>;
  /** Take away CORS rules and add one; false when S3 refused (the notice says why). */
  saveCors(bucket: string, change: { add?: NewCorsRule; remove?: string[] }): Promise<boolean>;
  /** Set the default encryption; false when S3 refused (the notice says why). */
  saveEncryption(bucket: string, encryption: DefaultEncryption | null): Promise<boolean>;
  /** Replace the bucket's tags; false when S3 refused (the notice says why). */
  saveBucketTags(bucket: string, tags: Record<string, string>): Promise<boolean>;
  /** Turn the static website on or off; false when S3 refused (the notice says why). */
  saveWebsite(bucket: string, website: WebsiteSetting | null): Promise<boolean>;
  /** Turn Object Lock on (for good) or change its default retention; false when S3 refused. */
  saveBucketLock(bucket: string, lock: BucketLock): Promise<boolean>;
}

/** A copy, a move or a rename being set up in its dialog. */
/** Where a copy, move or rename goes, and in which storage class. */
export interface OpDestination {
  targetBucket: string;
  targetPrefix: string;
  rename?: string;
  targetConnectionId?: string;
  /** The copies' storage class ('' or absent: each keeps its own). */
  storageClass?: string;
}

export interface OpRequest {
  kind: 'copy' | 'move' | 'rename';
  bucket: string;
  /** The folder the items were chosen in: structure below it is kept. */
  base: string;
  keys: Array<{ key: string; size: number }>;
  prefixes: string[];
  /** Where it goes, when already known (a paste, a drop). */
  targetBucket?: string;
  targetPrefix?: string;
  fromClipboard?: boolean;
}

export interface OpsSlice {
  /** Cut or copied items, waiting for a paste. */
  clipboard?: {
    mode: 'cut' | 'copy';
    bucket: string;
    base: string;
    keys: OpRequest['keys'];
    prefixes: string[];
    /** The notice that said how to paste: it goes once a paste starts. */
    hintId?: number;
  };
  op?: OpRequest;
  selectionItems(): { keys: OpRequest['keys']; prefixes: string[] };
  clip(mode: 'cut' | 'copy'): void;
  /** Paste into the folder on screen, or into a bucket's root (a bucket in the sidebar). */
  /** Opens the copy or move dialog for the clipboard, once the target is known to be writable. */
  paste(target?: { bucket: string; prefix?: string }): Promise<void>;
  openOp(request: OpRequest): void;
  closeOp(): void;
  /** Count it (or say in words why it cannot be done). */
  planOp(request: OpRequest, destination: OpDestination): Promise<CopyPlan | string>;
  startOp(plan: CopyPlan, decision: ConflictPolicy | 'cancel'): Promise<void>;
}

export type AppState = ConnectionsSlice &
  OpsSlice &
  AccessSlice &
  BucketsSlice &
  BrowseSlice &
  VersionsSlice &
  LogSlice &
  TransfersSlice &
  UiSlice;
