import { useEffect, useState } from 'react';
import type { ModeResponse } from '../../../shared/http/api';
import { requestJson } from '../api/http';

const REMEMBERED = 'vigil.demo';
const loadMode = () => requestJson<ModeResponse>('GET', '/api/mode');

/**
 * "Demo" on every page, the login page included, when the server runs in demo mode: its users'
 * passwords are published and its patients simulated, so nobody should mistake it for a clinic's
 * record. The last answer is remembered so the banner stays while offline.
 */
export function DemoBanner({ load = loadMode }: { load?: typeof loadMode }) {
  const [demo, setDemo] = useState(() => globalThis.localStorage?.getItem(REMEMBERED) === 'true');
  useEffect(() => {
    let live = true;
    void load().then((result) => {
      if (!live || !result.ok) return;
      setDemo(result.demo);
      globalThis.localStorage?.setItem(REMEMBERED, String(result.demo));
    });
    return () => {
      live = false;
    };
  }, [load]);
  if (!demo) return null;
  return (
    <div className="demo-banner" role="note" data-testid="demo-banner">
      <strong>Demo</strong> — simulated patients and published passwords. Not for real patients.
    </div>
  );
}
