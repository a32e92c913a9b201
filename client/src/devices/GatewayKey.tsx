import { useState } from 'react';
import type { DeviceStatus } from '../../../shared/realtime/devicesContract';
import type { DevicesApi } from './devicesApi';

/**
 * "Create gateway key": the key is shown once, here, with a copy button and a plain warning;
 * the server keeps only a hash. Two cases ask first, in place: replacing a key (the gateway
 * using the old one stops being able to send) and giving a key to an HL7 monitor (it needs
 * none; with a key it is listed as a gateway).
 */
export function GatewayKey({ device, api, onChanged }: { device: DeviceStatus; api: DevicesApi; onChanged: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [key, setKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);

  async function create() {
    setAsking(false);
    const result = await api.createKey(device.deviceId);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setCopied(null);
    setKey(result.key);
    await onChanged();
  }

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  }

  if (key !== null) {
    return (
      <div className="gateway-key" role="group" aria-label={`New gateway key for ${device.name}`}>
        <p className="gateway-key-warning">
          <strong>⚠ Shown once.</strong> Copy this key into the gateway now. Vigil does not keep it and cannot show it again; if it is lost,
          create a new key.
        </p>
        <code className="gateway-key-value" data-testid="gateway-key">
          {key}
        </code>
        {/* Focus lands on Copy so a keyboard user can copy at once. */}
        <button type="button" className="button-primary" autoFocus onClick={() => void copy(key)}>
          Copy key
        </button>
        {copied === 'copied' && <span role="status">✓ Copied</span>}
        {copied === 'failed' && <span className="field-error">Could not copy: select the key and copy it by hand.</span>}
        <button type="button" className="button-quiet" onClick={() => setKey(null)}>
          Done, hide the key
        </button>
      </div>
    );
  }

  if (asking && device.hasKey) {
    return (
      <span className="gateway-key-confirm" role="group" aria-label="Replace the gateway key?">
        <span>The gateway using the current key will stop sending until it gets the new one.</span>
        <button type="button" className="button-primary" onClick={() => void create()}>
          Replace key
        </button>
        <button type="button" className="button-quiet" autoFocus onClick={() => setAsking(false)}>
          Keep the current key
        </button>
      </span>
    );
  }
  if (asking) {
    return (
      <span className="gateway-key-confirm" role="group" aria-label="Give this monitor a gateway key?">
        <span>
          An HL7 monitor needs no key. Create one only if this device will send through a gateway; it will then be listed as a gateway.
        </span>
        <button type="button" className="button-primary" onClick={() => void create()}>
          Create the key
        </button>
        <button type="button" className="button-quiet" autoFocus onClick={() => setAsking(false)}>
          Cancel
        </button>
      </span>
    );
  }

  return (
    <>
      <button
        type="button"
        className="button-quiet"
        onClick={() => (device.hasKey || device.kind === 'hl7' ? setAsking(true) : void create())}
      >
        {device.hasKey ? 'Replace gateway key' : 'Create gateway key'}
      </button>
      {device.hasKey && <span className="muted"> Has a key.</span>}
      {error && <span className="field-error">⚠ {error}</span>}
    </>
  );
}
