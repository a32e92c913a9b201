import { domainStore } from './domainStore';

/** This screen's colours: the system setting (prefers-color-scheme) unless a person chose one here. */
export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_CHOICES: readonly { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'As the system' },
  { value: 'light', label: 'Light (bright room)' },
  { value: 'dark', label: 'Dark (dim room)' },
];

/** Kept per screen (a tablet in a bright room, a wall screen in a dim one), not per person. */
const THEME_KEY = 'vigil.theme';

function rememberedChoice(): ThemeChoice {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

export const themeStore = domainStore<{ choice: ThemeChoice }>(() => ({ choice: rememberedChoice() }));

/** Sets the colours on <html> (the stylesheet's light-dark() values follow color-scheme). */
export function applyTheme(choice: ThemeChoice = themeStore.getState().choice): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

export function chooseTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // Storage refused: the choice holds until this page is reloaded.
  }
  themeStore.setState({ choice });
  applyTheme(choice);
}
