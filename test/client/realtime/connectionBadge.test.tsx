import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionBadge } from '../../../client/src/components/ConnectionBadge';
import { connectionStore, isLive } from '../../../client/src/realtime/connectionStore';

afterEach(() => connectionStore.setState({ status: 'connecting', deliveryPausedSince: null, detail: null }));

describe('the connection badge', () => {
  it('says live only when every entry can reach this screen', () => {
    connectionStore.setState({ status: 'connected', deliveryPausedSince: null });
    const { rerender } = render(<ConnectionBadge />);
    expect(screen.getByTestId('connection').textContent).toContain('Live');
    expect(screen.getByTestId('connection').className).toContain('connection-connected');
    expect(isLive(connectionStore.getState())).toBe(true);

    // Its server cannot hear the other servers (Redis away): live for what passes through it only.
    connectionStore.setState({ deliveryPausedSince: Date.UTC(2026, 11, 2, 0, 40) });
    rerender(<ConnectionBadge />);
    expect(screen.getByTestId('connection').textContent).toMatch(/^◐Live on this server only — other servers' entries delayed — since /);
    expect(screen.getByTestId('connection').className).toContain('connection-partial');
    expect(isLive(connectionStore.getState())).toBe(false);

    connectionStore.setState({ status: 'reconnecting' });
    expect(isLive(connectionStore.getState())).toBe(false);
  });
});
