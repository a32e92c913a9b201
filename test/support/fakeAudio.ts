/** One pulse a fake audio context played: its frequency, start and stop on the audio clock, and the peak of its gain ramp. */
export interface FakePulse {
  frequencyHz: number;
  at: number;
  stoppedAt: number | null;
  readonly peakGain: number;
}

/**
 * A stand-in for Web Audio that records every pulse started (`started`), suspended until resumed
 * unless `initial` says otherwise; `resumes: false` is a browser that keeps it suspended. Its
 * state changes by itself with `become`, which fires 'statechange' like a real context.
 */
export function fakeAudio(initial: AudioContextState = 'suspended', { resumes = true } = {}) {
  const started: FakePulse[] = [];
  const listeners: (() => void)[] = [];
  const context = {
    state: initial,
    currentTime: 100,
    destination: {} as AudioDestinationNode,
    async resume() {
      if (resumes) context.state = 'running';
    },
    async close() {
      context.state = 'closed';
    },
    addEventListener(type: string, listener: () => void) {
      if (type === 'statechange') listeners.push(listener);
    },
    /** The browser or tablet changes the context's state by itself. */
    become(state: AudioContextState) {
      context.state = state;
      for (const listener of listeners) listener();
    },
    createGain() {
      const param = {
        peak: 0,
        setValueAtTime: () => param,
        linearRampToValueAtTime: (value: number) => {
          param.peak = Math.max(param.peak, value);
          return param;
        },
      };
      return { gain: param, connect: (node: unknown) => node } as unknown as GainNode;
    },
    createOscillator() {
      let gain: { gain: { peak: number } } | null = null;
      const pulse: FakePulse = {
        frequencyHz: 0,
        at: 0,
        stoppedAt: null,
        get peakGain() {
          return gain?.gain.peak ?? 0;
        },
      };
      const oscillator = {
        type: 'sine',
        frequency: { value: 0 },
        connect: (node: { gain: { peak: number } }) => {
          gain = node;
          return node;
        },
        start: (at: number) => {
          pulse.frequencyHz = oscillator.frequency.value;
          pulse.at = at;
          started.push(pulse);
        },
        stop: (at: number) => {
          pulse.stoppedAt = at;
        },
      };
      return oscillator as unknown as OscillatorNode;
    },
  };
  return { context, started, make: () => context as unknown as AudioContext };
}

/** The page's idle moments held back: each task asked for waits in `tasks` until the test runs it; `cancelled` counts cancellations. */
export function idleMoments() {
  const idle = {
    tasks: [] as (() => void)[],
    cancelled: 0,
    /** Asks for `task` at the next idle moment; returns its cancel. */
    later(task: () => void) {
      idle.tasks.push(task);
      return () => void (idle.cancelled += 1);
    },
  };
  return idle;
}
