import { useState } from 'react';
import { CORS_METHODS, corsRuleProblem, listOf, type NewCorsRule } from '../../electron/shared/cors-rules';
import { Dialog } from '../components/Dialog';
import { useStore } from '../store/store';
import type { SettingEditorProps } from './SettingForm';
import { RuleFormEnd, RuleList, useRuleChange } from './RuleEditing';

/**
 * The bucket's CORS rules: which web pages may use its objects from a browser. Each rule in words
 * with Remove; a new one from its origins (one per line), methods and headers, checked in words as
 * it is filled in. Starts as the common case: a page reading objects (GET, HEAD; ETag exposed).
 */
export function CorsEditor({ bucket, report, onClose }: SettingEditorProps) {
  const saveCors = useStore((s) => s.saveCors);
  const rules = report.cors ?? [];
  const [origins, setOrigins] = useState('');
  const [methods, setMethods] = useState<string[]>(['GET', 'HEAD']);
  const [allowed, setAllowed] = useState('*');
  const [expose, setExpose] = useState('ETag');
  const [maxAge, setMaxAge] = useState('3000');
  const [name, setName] = useState('');

  const rule: NewCorsRule = {
    id: name.trim() || undefined,
    origins: listOf(origins),
    methods,
    allowedHeaders: listOf(allowed),
    exposeHeaders: listOf(expose),
    maxAgeSeconds: maxAge.trim() === '' ? undefined : /^\d+$/.test(maxAge.trim()) ? Number(maxAge) : Number.NaN,
  };
  const problem = corsRuleProblem(
    rule,
    rules.map((r) => r.id),
    rules.length,
  );
  // One change at a time: each reads the rules and writes them whole.
  const { busy, send } = useRuleChange((change: { add?: NewCorsRule; remove?: string[] }) => saveCors(bucket, change));

  return (
    <Dialog title={`CORS rules of ${bucket}`} onCancel={onClose} testId="cors-editor" wide>
      <div className="dialog-body">
        <RuleList
          kind="cors"
          rules={rules}
          none="No rules: web pages on other sites cannot use this bucket's objects from a browser (links and this app still can)."
          busy={busy}
          onRemove={(id) => void send({ remove: [id] })}
        />
        <form
          className="lifecycle-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (problem || busy) return;
            if (await send({ add: rule })) {
              setOrigins('');
              setName('');
            }
          }}
        >
          <h4>Add a rule</h4>
          <label className="field">
            <span>Pages allowed: their origins, one per line</span>
            <textarea
              rows={2}
              placeholder={'https://example.com, https://*.example.com, or * for any page'}
              value={origins}
              onChange={(e) => setOrigins(e.target.value)}
              spellCheck={false}
              data-testid="cors-origins"
            />
          </label>
          <fieldset className="inline-field cors-methods">
            <legend>Methods</legend>
            {CORS_METHODS.map((m) => (
              <label key={m} className="inline-field">
                <input
                  type="checkbox"
                  checked={methods.includes(m)}
                  onChange={(e) =>
                    setMethods(
                      e.target.checked
                        ? CORS_METHODS.filter((x) => x === m || methods.includes(x))
                        : methods.filter((x) => x !== m),
                    )
                  }
                  data-testid={`cors-method-${m}`}
                />
                {m}
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>Request headers a page may send (* for any)</span>
            <input value={allowed} onChange={(e) => setAllowed(e.target.value)} data-testid="cors-allowed" />
          </label>
          <label className="field">
            <span>Answer headers a page may read</span>
            <input
              value={expose}
              onChange={(e) => setExpose(e.target.value)}
              placeholder="ETag (an upload in parts from a browser needs it)"
              data-testid="cors-expose"
            />
          </label>
          <label className="field">
            <span>Seconds a browser keeps a preflight&apos;s answer (empty: its own choice)</span>
            <input value={maxAge} onChange={(e) => setMaxAge(e.target.value)} data-testid="cors-max-age" />
          </label>
          <label className="field">
            <span>Name (optional)</span>
            <input value={name} onChange={(e) => setName(e.target.value)} data-testid="cors-name" />
          </label>
          <RuleFormEnd kind="cors" problem={problem} busy={busy} onClose={onClose} />
        </form>
      </div>
    </Dialog>
  );
}
