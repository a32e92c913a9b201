import { forbiddenMessage } from '../../../shared/policy';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CurrentUser } from '../../../shared/http/api';
import type { Protocol } from '../../../shared/protocols/schema';
import { navigate, paths } from '../app/router';
import { protocolListStore } from '../clinic/protocolList';
import { CopyProtocolForm } from './CopyProtocolForm';
import { ProtocolDetail } from './ProtocolDetail';
import { ProtocolEditForm } from './ProtocolEditForm';
import { ProtocolList } from './ProtocolList';
import { httpProtocolsApi, type ProtocolsApi } from './protocolsApi';
import { may } from '../../../shared/policy';
import { isBuiltIn } from './protocolText';
import { ErrorAlert } from '../components/ErrorAlert';

export interface ProtocolsPageProps {
  user: CurrentUser;
  /** The open protocol (from the address /protocols/:id), or null. */
  protocolId: string | null;
  /** For tests; defaults to the server's HTTP API. */
  api?: ProtocolsApi;
}

/** A form open on one protocol; opening another protocol (a link, the back button) leaves it. */
type Mode = { kind: 'view' } | { kind: 'copy' | 'edit'; protocolId: string };

const COPY_BUTTON_ID = 'protocol-copy-button';
const EDIT_BUTTON_ID = 'protocol-edit-button';
/** After a form closes, the keyboard goes back to the button that opened it. */
const focusSoon = (id: string) => setTimeout(() => document.getElementById(id)?.focus(), 0);

/**
 * The clinic's protocols: the list, one protocol's settings, copy and edit. Admins and
 * prescribers copy and edit (server policy `protocol.manage`); other roles read. Built-in
 * defaults are copied, never edited in place, so what ships stays recognisable.
 */
export function ProtocolsPage({ user, protocolId, api = httpProtocolsApi }: ProtocolsPageProps) {
  const [protocols, setProtocols] = useState<Protocol[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [saved, setSaved] = useState<{ protocolId: string; version: number; copied: boolean } | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const canManage = may(user.role, 'protocol.manage');

  const reload = useCallback(async (): Promise<void> => {
    const result = await api.list();
    if (!result.ok) return setLoadError(result.error.message);
    setLoadError(null);
    setProtocols(result.protocols);
    // The "open session" menu reads the catalog once: let it read the new versions.
    protocolListStore.setState({ protocols: null });
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    if (saved) statusRef.current?.focus();
  }, [saved]);

  const selected = protocols?.find((protocol) => protocol.id === protocolId) ?? null;
  const open = mode.kind !== 'view' && mode.protocolId === protocolId ? mode.kind : 'view';

  return (
    <main className="page protocols-page">
      <h1>Protocols</h1>
      <p className="muted">
        {canManage
          ? 'Built-in protocols are copied, then the copy is edited. Every save is a new version; sessions keep the version they started with.'
          : `Read-only. ${forbiddenMessage('protocol.manage')}.`}
      </p>
      <ErrorAlert message={loadError} warningSign />
      {protocols === null ? (
        !loadError && <p className="muted">Loading protocols…</p>
      ) : (
        <div className="protocols-layout">
          <section aria-labelledby="protocol-list-title">
            <h2 id="protocol-list-title">All protocols ({protocols.length})</h2>
            <ProtocolList protocols={protocols} selectedId={protocolId} />
          </section>
          {protocolId !== null && (
            <section
              aria-labelledby={selected ? 'protocol-open-title' : undefined}
              aria-label={selected ? undefined : 'Open protocol'}
              className="protocol-open"
            >
              {selected === null ? (
                <p role="alert" className="field-error">
                  ⚠ There is no protocol “{protocolId}”.
                </p>
              ) : (
                <>
                  <h2 id="protocol-open-title">
                    {selected.name} <span className="muted">version {selected.version}</span>
                  </h2>
                  {saved?.protocolId === selected.id && (
                    <p role="status" tabIndex={-1} ref={statusRef} className="protocol-saved">
                      {saved.copied
                        ? `✓ Copied as version ${saved.version} — edit the copy below`
                        : `✓ Saved as version ${saved.version} — sessions already running keep the version they started with`}
                    </p>
                  )}
                  {canManage && open === 'view' && (
                    <div className="protocol-actions">
                      <button
                        type="button"
                        id={COPY_BUTTON_ID}
                        className="button-quiet"
                        onClick={() => setMode({ kind: 'copy', protocolId: selected.id })}
                      >
                        Copy…
                      </button>
                      {isBuiltIn(selected) ? (
                        <span className="muted">Built-in: copy it to change its settings.</span>
                      ) : (
                        <button
                          type="button"
                          id={EDIT_BUTTON_ID}
                          className="button-primary"
                          onClick={() => {
                            setSaved(null);
                            setMode({ kind: 'edit', protocolId: selected.id });
                          }}
                        >
                          Edit
                        </button>
                      )}
                    </div>
                  )}
                  {open === 'copy' && (
                    <CopyProtocolForm
                      source={selected}
                      api={api}
                      onCancel={() => {
                        setMode({ kind: 'view' });
                        focusSoon(COPY_BUTTON_ID);
                      }}
                      onCopied={async (copy) => {
                        await reload();
                        navigate(paths.protocols(copy.id));
                        setSaved({ protocolId: copy.id, version: copy.version, copied: true });
                        setMode({ kind: 'edit', protocolId: copy.id });
                      }}
                    />
                  )}
                  {open === 'edit' && !isBuiltIn(selected) ? (
                    <ProtocolEditForm
                      key={`${selected.id}@${selected.version}`}
                      protocol={selected}
                      api={api}
                      onCancel={() => {
                        setMode({ kind: 'view' });
                        focusSoon(EDIT_BUTTON_ID);
                      }}
                      onReload={() => void reload()}
                      onSaved={async (revised) => {
                        setProtocols((list) => list?.map((p) => (p.id === revised.id ? revised : p)) ?? list);
                        setSaved({ protocolId: revised.id, version: revised.version, copied: false });
                        setMode({ kind: 'view' });
                        await reload();
                      }}
                    />
                  ) : (
                    <ProtocolDetail protocol={selected} />
                  )}
                </>
              )}
            </section>
          )}
        </div>
      )}
    </main>
  );
}
