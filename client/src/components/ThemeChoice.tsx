import { useId } from 'react';
import { chooseTheme, THEME_CHOICES, themeStore } from '../app/theme';
import { useStore } from '../app/useStore';
import { Options } from './Options';

/** The screen's colours: as the system, light or dark; kept on this screen. */
export function ThemeChoice() {
  const choice = useStore(themeStore, (s) => s.choice);
  const id = useId();
  return (
    <div className="theme-choice">
      <label htmlFor={id}>Colours</label>
      <select
        id={id}
        value={choice}
        onChange={(event) => chooseTheme(THEME_CHOICES.find((option) => option.value === event.target.value)?.value ?? 'system')}
      >
        <Options choices={THEME_CHOICES} />
      </select>
    </div>
  );
}
