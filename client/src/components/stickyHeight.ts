import { useEffect, useRef } from 'react';

/**
 * Keeps a CSS variable on <html> equal to an element's height while it is sticky (and unset
 * when it scrolls with the page): the page's scroll padding adds the sticky bars up, so a field
 * that takes focus is scrolled clear of them (WCAG 2.2 "focus not obscured").
 */
export function useStickyHeight<E extends HTMLElement>(variable: `--${string}`) {
  const ref = useRef<E>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const measure = () => {
      if (getComputedStyle(element).position === 'sticky') root.style.setProperty(variable, `${element.offsetHeight}px`);
      else root.style.removeProperty(variable);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    // A zoom or a turned tablet changes which media query makes it sticky without changing its size.
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
      root.style.removeProperty(variable);
    };
  }, [variable]);
  return ref;
}
