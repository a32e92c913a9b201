import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../../shared/result';

/**
 * A list an admin page shows (`key` of the server's answer), loaded when the page opens and again
 * on `refresh` (after each change); a refusal is kept as `loadError` and the last list stays.
 */
export function useAdminList<Key extends string, Row>(request: () => Promise<Result<Record<Key, Row[]>>>, key: Key) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const result = await request();
    if (!result.ok) return setLoadError(result.error.message);
    setLoadError(null);
    setRows(result[key]);
  }, [request, key]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { rows, loadError, refresh };
}
