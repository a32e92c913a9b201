import { useStore } from '../app/useStore';
import { screenTimeZone, serverClockStore } from '../realtime/serverClock';

/**
 * Every time on screen is the clinic's (its zone is the server's VIGIL_TIME_ZONE). A screen set
 * to another zone says so once, under the top bar, so nobody reads 14:05 as their own 14:05.
 */
export function ClinicZoneNotice() {
  const timeZone = useStore(serverClockStore, (s) => s.timeZone);
  if (timeZone === screenTimeZone()) return null;
  return (
    <p className="technical-banner no-print" data-testid="clinic-zone-notice">
      Times shown are the clinic&apos;s ({timeZone}); this screen is set to {screenTimeZone()}.
    </p>
  );
}

/** The clinic's zone in words, for the admin pages (it is set on the server, VIGIL_TIME_ZONE). */
export function ClinicZoneFact() {
  const timeZone = useStore(serverClockStore, (s) => s.timeZone);
  return (
    <p className="muted" data-testid="clinic-zone">
      Clinic time zone: <strong>{timeZone}</strong>. Every screen shows times in it (set on the server with VIGIL_TIME_ZONE).
    </p>
  );
}
