/**
 * The wall board's grid: the columns and rows that make the largest tiles for this many rooms
 * on this screen. A tile is drawn for a shape about 1.45 times as wide as it is high (the
 * numbers sit side by side); the grid that gives every tile the most room at that shape wins,
 * so 12 rooms on a 1920x1080 screen are 4 x 3 and 6 rooms are 3 x 2. Pure.
 */
export const WALL_TILE_ASPECT = 1.45;

export interface WallGrid {
  columns: number;
  rows: number;
}

export function wallGrid(roomCount: number, widthPx: number, heightPx: number): WallGrid {
  const count = Math.max(1, roomCount);
  let best: WallGrid & { scale: number } = { columns: 1, rows: count, scale: -1 };
  for (let columns = 1; columns <= count; columns += 1) {
    const rows = Math.ceil(count / columns);
    // The largest tile of the right shape that fits a cell of this grid.
    const scale = Math.min(widthPx / columns / WALL_TILE_ASPECT, heightPx / rows);
    if (scale > best.scale) best = { columns, rows, scale };
  }
  return { columns: best.columns, rows: best.rows };
}
