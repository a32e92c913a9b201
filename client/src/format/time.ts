const two = (n: number) => String(n).padStart(2, '0');

/** Wall-clock time of an instant in the tablet's time zone, 24-hour: "14:05". (No date library: it would weigh on every first load.) */
export function clockTime(epochMs: number): string {
  const at = new Date(epochMs);
  return `${two(at.getHours())}:${two(at.getMinutes())}`;
}

export function clockTimeWithSeconds(epochMs: number): string {
  const at = new Date(epochMs);
  return `${clockTime(epochMs)}:${two(at.getSeconds())}`;
}

/** A duration for people: "42 min", "1 h 05 min", "0 min". Negative durations count as 0. */
export function duration(ms: number): string {
  const totalMinutes = Math.max(0, Math.floor(ms / 60_000));
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return hours === 0 ? `${minutes} min` : `${hours} h ${String(minutes).padStart(2, '0')} min`;
}

/** How old something is: "just now", "3 min ago", "1 h 10 min ago". */
export function age(ms: number): string {
  if (ms < 60_000) return 'just now';
  return `${duration(ms)} ago`;
}
