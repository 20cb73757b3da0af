import { useCallback, useSyncExternalStore } from 'react';

/**
 * The short tone played when a new at-home escalation arrives on Today, made with the Web Audio API (no sound
 * file). It is muted by a switch remembered on this device. Browsers refuse sound before the person has
 * interacted with the page: then nothing is attempted (no error in the console) and the red alert alone shows.
 */
const KEY = 'liminal.athome.alertSound';
const listeners = new Set<() => void>();

function readMuted(): boolean {
  try {
    return window.localStorage.getItem(KEY) === 'off';
  } catch {
    return false;
  }
}

export function useAlertSoundMuted(): [boolean, (muted: boolean) => void] {
  const muted = useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      const onStorage = (e: StorageEvent) => e.key === KEY && cb();
      window.addEventListener('storage', onStorage);
      return () => {
        listeners.delete(cb);
        window.removeEventListener('storage', onStorage);
      };
    },
    readMuted,
    () => false,
  );
  const set = useCallback((next: boolean) => {
    try {
      window.localStorage.setItem(KEY, next ? 'off' : 'on');
    } catch {
      // Storage refused (private mode): the switch still works for this page.
    }
    for (const l of listeners) l();
  }, []);
  return [muted, set];
}

let audio: AudioContext | null = null;

/** True once the person has clicked, tapped or typed on this page: only then may a page make a sound. */
function mayPlay(): boolean {
  const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } })
    .userActivation;
  return activation ? activation.hasBeenActive : false;
}

/** Two short rising tones (about 0.4 s in all). Returns whether a tone was started. */
export function playAlertTone(): boolean {
  if (readMuted() || !mayPlay()) return false;
  const Ctx =
    window.AudioContext ??
    (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return false;
  try {
    audio ??= new Ctx();
    if (audio.state === 'suspended') void audio.resume().catch(() => {});
    const start = audio.currentTime + 0.01;
    for (const [i, freq] of [660, 880].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const t = start + i * 0.2;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.2, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.18);
      osc.connect(gain).connect(audio.destination);
      osc.start(t);
      osc.stop(t + 0.19);
    }
    return true;
  } catch {
    return false;
  }
}
