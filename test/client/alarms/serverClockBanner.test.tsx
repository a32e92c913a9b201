import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ServerClockBanner } from '../../../client/src/alarms/ServerClockBanner';
import { resetDomainStores } from '../../../client/src/app/domainStore';
import { receiveServerClockNotice, serverClockNoticeStore } from '../../../client/src/realtime/serverClockNotice';
import type { Role } from '../../../shared/roles';

// 09:41 today: a time of today is written without its date (an earlier day's would carry it).
const today = new Date();
const at = new Date(today.getFullYear(), today.getMonth(), today.getDate(), 9, 41).getTime();

describe('the technical alarm "server clock changed"', () => {
  it('tells admins and prescribers by how much and which way, that clinical times did not jump, and to call IT', () => {
    receiveServerClockNotice({ stepMs: -3_600_000, detectedAt: at, remainingMs: 3_540_000 });
    for (const role of ['admin', 'prescriber'] as Role[]) {
      const { unmount } = render(<ServerClockBanner role={role} />);
      expect(screen.getByTestId('server-clock-banner').textContent).toBe(
        "Technical alarm: the server's clock changed by 60 minutes (back) at 09:41. Vigil's times and timers did not jump (it is catching up slowly: 59 min to go). Tell IT to check the server's time source.",
      );
      unmount();
    }
  });

  it('is not shown to nurses and therapists, and goes when the server says the clocks agree', () => {
    receiveServerClockNotice({ stepMs: 120_000, detectedAt: at, remainingMs: -60_000 });
    for (const role of ['nurse', 'therapist'] as Role[]) {
      const { unmount } = render(<ServerClockBanner role={role} />);
      expect(screen.queryByTestId('server-clock-banner')).toBeNull();
      unmount();
    }
    const { rerender } = render(<ServerClockBanner role="prescriber" />);
    expect(screen.getByTestId('server-clock-banner').textContent).toContain('changed by 2 minutes (forward)');
    receiveServerClockNotice(null);
    rerender(<ServerClockBanner role="prescriber" />);
    expect(screen.queryByTestId('server-clock-banner')).toBeNull();
  });

  it("is a domain store: the tests' reset clears a notice left behind, as it does every other store", () => {
    receiveServerClockNotice({ stepMs: 120_000, detectedAt: at, remainingMs: 60_000 });
    resetDomainStores();
    expect(serverClockNoticeStore.getState().notice).toBeNull();
  });
});
