import { domainStore } from '../app/domainStore';

/**
 * This screen's alarm volume, kept in localStorage (per browser: the nurse station's screen and
 * a bedside tablet each keep their own). Never below 20%: an alarm turned down to nothing is an
 * alarm nobody hears, and the screen says "muted" only when the browser or tablet blocks sound.
 */
export const VOLUME = { minPercent: 20, maxPercent: 100, stepPercent: 10, defaultPercent: 80 } as const;

/** The loudest gain a pulse reaches at 100% (Web Audio gain, 0..1): headroom so pulses never clip. */
const FULL_GAIN = 0.5;

const VOLUME_KEY = 'vigil.sound.volumePercent';

export interface SoundSettings {
  volumePercent: number;
}

/** A volume in range and on a step; anything else (an old or hand-edited value) becomes the nearest allowed one. */
export function clampVolume(percent: number): number {
  if (!Number.isFinite(percent)) return VOLUME.defaultPercent;
  const stepped = Math.round(percent / VOLUME.stepPercent) * VOLUME.stepPercent;
  return Math.min(VOLUME.maxPercent, Math.max(VOLUME.minPercent, stepped));
}

function storedVolume(): number {
  try {
    const text = localStorage.getItem(VOLUME_KEY);
    return text === null ? VOLUME.defaultPercent : clampVolume(Number(text));
  } catch {
    return VOLUME.defaultPercent;
  }
}

export const soundSettingsStore = domainStore<SoundSettings>(() => ({ volumePercent: storedVolume() }));

export function setVolumePercent(percent: number): void {
  const volumePercent = clampVolume(percent);
  try {
    localStorage.setItem(VOLUME_KEY, String(volumePercent));
  } catch {
    // Storage refused (private mode): the volume holds until the page is reloaded.
  }
  soundSettingsStore.setState({ volumePercent });
}

/** The gain of a pulse at this volume. */
export function gainOf(volumePercent: number): number {
  return (FULL_GAIN * clampVolume(volumePercent)) / 100;
}
