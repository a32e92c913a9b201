import { useLayoutEffect, type RefObject } from 'react';

/** The bar's items that must share its one row (the open menu's own rows excepted). */
const ROW_ITEMS = ':scope > .brand, :scope > .menu-toggle, :scope > .alarm-count, :scope > .connection, :scope > .topbar-menu > nav';

function fitsOneRow(bar: HTMLElement): boolean {
  const middles = [...bar.querySelectorAll<HTMLElement>(ROW_ITEMS)]
    .map((item) => item.getBoundingClientRect())
    .filter((box) => box.height > 0)
    .map((box) => (box.top + box.bottom) / 2);
  return middles.length === 0 || Math.max(...middles) - Math.min(...middles) < 4;
}

/**
 * Puts the pages under "Menu" (the class `narrowClass`) whenever they do not fit beside the
 * brand, the alarms, the connection and the account on one row: a tablet, a zoomed page, or a
 * laptop whose admin has many pages or a long name. Tried again at every resize, before the
 * browser paints, so the bar never shows on two rows.
 */
export function useOneRowBar(bar: RefObject<HTMLElement | null>, narrowClass: string, contentKey: string): void {
  useLayoutEffect(() => {
    const element = bar.current;
    if (!element) return;
    /** How much text the status items held when the bar last turned narrow. */
    let narrowedAt = Infinity;
    /** The text the alarm count and the connection badge hold. */
    const statusLength = () =>
      [...element.querySelectorAll(':scope > .alarm-count, :scope > .connection')].reduce(
        (sum, item) => sum + (item.textContent?.length ?? 0),
        0,
      );
    const narrow = () => {
      element.classList.add(narrowClass);
      narrowedAt = statusLength();
    };
    const fit = () => {
      element.classList.remove(narrowClass);
      if (!fitsOneRow(element)) narrow();
    };
    fit();
    window.addEventListener('resize', fit);
    // The bar's text may change width when the page's fonts arrive.
    void document.fonts?.ready.then(fit);
    // The alarm count and the connection badge change their text (a longer one may not fit): a
    // wide bar that no longer fits turns narrow. A narrow bar tries wide again when one of them
    // changes state (its class: "not live" to "no open alarms") or holds less text than when it
    // turned narrow ("2 entries waiting to send" gone), or on a resize: a badge that ticks every
    // second costs a look at the bar, not a second layout.
    const changes = new MutationObserver((records) => {
      if (element.classList.contains(narrowClass)) {
        const stateChanged = records.some((record) => record.type === 'attributes' && record.target !== element);
        if (stateChanged || statusLength() < narrowedAt) fit();
        return;
      }
      if (!fitsOneRow(element)) narrow();
    });
    changes.observe(element, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class'] });
    return () => {
      window.removeEventListener('resize', fit);
      changes.disconnect();
    };
  }, [bar, narrowClass, contentKey]);
}
