/**
 * Moving between tiles with the arrow keys, aware of the grid: left/right step through the
 * reading order, up/down move a whole row, and nothing wraps past the first or last tile.
 */
export function nextTileIndex(index: number, key: string, count: number, columns: number): number | null {
  if (count === 0) return null;
  const step = Math.max(1, columns);
  switch (key) {
    case 'ArrowRight':
      return Math.min(count - 1, index + 1);
    case 'ArrowLeft':
      return Math.max(0, index - 1);
    case 'ArrowDown':
      return index + step < count ? index + step : index;
    case 'ArrowUp':
      return index - step >= 0 ? index - step : index;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * Columns of the board for a screen width: 12 rooms fit in 3 rows of 4 on a 1920x1080 wall
 * screen; a laptop gets 3, a tablet 2, a phone 1.
 */
export function boardColumns(widthPx: number, roomCount: number): number {
  const byWidth = widthPx >= 1600 ? 4 : widthPx >= 1100 ? 3 : widthPx >= 700 ? 2 : 1;
  return Math.max(1, Math.min(byWidth, roomCount));
}
