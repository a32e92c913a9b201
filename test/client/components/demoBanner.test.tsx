import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DemoBanner } from '../../../client/src/components/DemoBanner';
import { fail } from '../../../shared/result';

afterEach(() => localStorage.clear());

describe('the Demo banner', () => {
  it('says "Demo" when the server runs in demo mode, and keeps saying it when the server cannot be reached', async () => {
    const { unmount } = render(<DemoBanner load={vi.fn(async () => ({ ok: true as const, demo: true }))} />);
    expect((await screen.findByTestId('demo-banner')).textContent).toContain('Demo — simulated patients and published passwords');
    unmount();
    render(<DemoBanner load={vi.fn(async () => fail('unreachable', 'Cannot reach the Vigil server'))} />);
    expect(screen.getByTestId('demo-banner')).toBeTruthy();
  });

  it("shows nothing for a clinic's own server", async () => {
    const load = vi.fn(async () => ({ ok: true as const, demo: false }));
    render(<DemoBanner load={load} />);
    await waitFor(() => expect(load).toHaveBeenCalled());
    expect(screen.queryByTestId('demo-banner')).toBeNull();
  });
});
