import { describe, expect, it } from 'vitest';
import { wallGrid } from '../../../client/src/wall/wallLayout';
import { wallKeyInLocation } from '../../../client/src/wall/wallKey';

/** The wall board's header and sound line take about 110 px of a 1080 px screen. */
const WALL_HEIGHT = 1080 - 110;

describe('the wall grid fills the screen for the number of rooms', () => {
  it('12 rooms on 1920x1080 are 4 x 3; 6 are 3 x 2; 1 fills the screen; 13 start a fourth row', () => {
    expect(wallGrid(12, 1920, WALL_HEIGHT)).toEqual({ columns: 4, rows: 3 });
    expect(wallGrid(6, 1920, WALL_HEIGHT)).toEqual({ columns: 3, rows: 2 });
    expect(wallGrid(1, 1920, WALL_HEIGHT)).toEqual({ columns: 1, rows: 1 });
    expect(wallGrid(13, 1920, WALL_HEIGHT).columns * wallGrid(13, 1920, WALL_HEIGHT).rows).toBeGreaterThanOrEqual(13);
    expect(wallGrid(0, 1920, WALL_HEIGHT)).toEqual({ columns: 1, rows: 1 });
  });

  it('every room has a cell, and a portrait screen gets fewer columns than a landscape one', () => {
    for (let rooms = 1; rooms <= 30; rooms += 1) {
      const grid = wallGrid(rooms, 1920, WALL_HEIGHT);
      expect(grid.columns * grid.rows).toBeGreaterThanOrEqual(rooms);
      // No wasted row: one row fewer would not hold them.
      expect(grid.columns * (grid.rows - 1)).toBeLessThan(rooms);
    }
    expect(wallGrid(12, 1080, 1920 - 110).columns).toBeLessThan(wallGrid(12, 1920, WALL_HEIGHT).columns);
  });
});

describe('the wall display key in the address', () => {
  const key = 'A'.repeat(43);
  it('is read from /wall#key=… only, and only in the shape of a key', () => {
    expect(wallKeyInLocation({ pathname: '/wall', hash: `#key=${key}` })).toBe(key);
    expect(wallKeyInLocation({ pathname: '/wall/', hash: `#key=${key}` })).toBe(key);
    expect(wallKeyInLocation({ pathname: '/board', hash: `#key=${key}` })).toBeNull();
    expect(wallKeyInLocation({ pathname: '/wall', hash: '' })).toBeNull();
    expect(wallKeyInLocation({ pathname: '/wall', hash: `#key=${key.slice(1)}` })).toBeNull();
    expect(wallKeyInLocation({ pathname: '/wall', hash: `#key=${key.slice(1)}!` })).toBeNull();
  });
});
