import { useState } from 'react';
import { websiteEndpoint, websiteProblem, type WebsiteSetting } from '../../electron/shared/website';
import { Choice } from '../components/Checkbox';
import { Dialog } from '../components/Dialog';
import { useStore } from '../store/store';
import { SettingForm, useBucketRegion, type SettingEditorProps } from './SettingForm';

/**
 * The bucket's static website: off, hosting (index and error documents), or every request sent on
 * to another host. Checked in words as it is typed; on AWS the dialog names the address the site
 * answers at. Visitors also need read access (a public policy), which the pane's label tells.
 */
export function WebsiteEditor({ bucket, report, onClose }: SettingEditorProps) {
  const saveWebsite = useStore((s) => s.saveWebsite);
  const onAws = useStore((s) => !s.connections.find((c) => c.id === s.connectionId)?.endpointTemplate);
  const region = useBucketRegion(bucket);
  const now = report.website ?? undefined;
  const [kind, setKind] = useState<'off' | 'host' | 'redirect'>(now?.kind ?? 'off');
  const [index, setIndex] = useState(now?.kind === 'host' ? now.indexDocument : 'index.html');
  const [error, setError] = useState(now?.kind === 'host' ? (now.errorDocument ?? '') : 'error.html');
  const [host, setHost] = useState(now?.kind === 'redirect' ? now.hostName : '');
  const [https, setHttps] = useState(now?.kind === 'redirect' ? now.protocol === 'https' : true);
  const setting: WebsiteSetting | null =
    kind === 'off'
      ? null
      : kind === 'host'
        ? { kind: 'host', indexDocument: index, errorDocument: error.trim() || undefined }
        : { kind: 'redirect', hostName: host, protocol: https ? 'https' : 'http' };
  const problem = setting ? websiteProblem(setting) : undefined;
  const choice = (value: typeof kind, words: string) => (
    <Choice
      type="radio"
      name="website"
      checked={kind === value}
      onChange={() => setKind(value)}
      testId={`website-${value}`}
      label={words}
    />
  );
  return (
    <Dialog title={`Static website of ${bucket}`} onCancel={onClose} testId="website-editor">
      <SettingForm
        kind="website"
        problem={problem}
        save={() => saveWebsite(bucket, setting)}
        saveLabel="Save"
        onClose={onClose}
      >
        <fieldset className="plain-fieldset">
          <legend>The bucket as a website</legend>
          {choice('off', 'Off')}
          {choice('host', 'Host a website from its objects')}
          {choice('redirect', 'Send every request on to another host')}
        </fieldset>
        {kind === 'host' && (
          <>
            <label className="field">
              <span>Index document (served for a folder)</span>
              <input value={index} onChange={(e) => setIndex(e.target.value)} data-testid="website-index" />
            </label>
            <label className="field">
              <span>Error document (empty: S3&apos;s own page)</span>
              <input value={error} onChange={(e) => setError(e.target.value)} data-testid="website-error" />
            </label>
            {now?.kind === 'host' && now.routingRules ? (
              <p className="muted">
                Its {now.routingRules} routing rule{now.routingRules === 1 ? '' : 's'} (made with another tool) stay as
                they are.
              </p>
            ) : null}
          </>
        )}
        {kind === 'redirect' && (
          <>
            <label className="field">
              <span>Host every request goes to</span>
              <input
                value={host}
                onChange={(e) => setHost(e.target.value)}
                placeholder="www.example.com"
                data-testid="website-redirect-host"
              />
            </label>
            <label className="inline-field">
              <input type="checkbox" checked={https} onChange={(e) => setHttps(e.target.checked)} />
              over HTTPS
            </label>
          </>
        )}
        {kind !== 'off' && onAws && region && (
          <p className="muted" data-testid="website-endpoint">
            It answers at <span className="mono">{websiteEndpoint(bucket, region)}</span> (plain HTTP); visitors also
            need to be allowed to read the objects.
          </p>
        )}
      </SettingForm>
    </Dialog>
  );
}
