/** Insert into a list ordered by observedAt then seq (late entries land in their place). */
export function insertByObservedAt<T extends { observedAt: number; seq: number }>(list: T[], item: T): T[] {
  let index = list.length;
  while (index > 0) {
    const before = list[index - 1]!;
    if (before.observedAt < item.observedAt) break;
    if (before.observedAt === item.observedAt && before.seq < item.seq) break;
    index -= 1;
  }
  return [...list.slice(0, index), item, ...list.slice(index)];
}
