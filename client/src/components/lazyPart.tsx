import { createContext, lazy, useContext, useEffect, type ComponentType, type LazyExoticComponent } from 'react';

/** Thrown in a part's place when its code could not be fetched (network down, or a new build removed the file). */
export class PartLoadError extends Error {
  constructor(override readonly cause: unknown) {
    super(`A part of Vigil did not load: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'PartLoadError';
  }
}

/**
 * Which try of its boundary a part renders in: a new object at each "Try again" (and for each
 * boundary), so a part whose load failed fetches its code afresh instead of React.lazy's rejected promise.
 */
export const PartAttempt = createContext<object>({});

/** Told by a part loaded on demand once it has come and drawn (its boundary's "Try again" count starts over). */
export const PartShown = createContext<() => void>(() => undefined);

/** Drawn after the loaded part, so its effect runs only once the part itself is on screen. */
function Shown({ attempt }: { attempt: object }) {
  const shown = useContext(PartShown);
  useEffect(() => shown(), [shown, attempt]);
  return null;
}

interface Loaded<P> {
  readonly Component: LazyExoticComponent<ComponentType<P>>;
  failed: boolean;
  attempt: object | null;
}

/**
 * React.lazy that can be loaded again: a failed load rejects with a PartLoadError (for PartBoundary
 * to say what did not load), and the next render under a new PartAttempt imports it afresh. The
 * failure is only acted on at a new attempt, never at once: React renders the part again to read
 * the rejection, and that render must throw it to the boundary, not start another fetch.
 */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const make = (): Loaded<P> => {
    const loaded: Loaded<P> = {
      Component: lazy(() =>
        load().then(
          (Component) => ({ default: Component }),
          (error: unknown) => {
            loaded.failed = true;
            throw new PartLoadError(error);
          },
        ),
      ),
      failed: false,
      attempt: null,
    };
    return loaded;
  };
  let current = make();
  return function Part(props: P) {
    const attempt = useContext(PartAttempt);
    if (current.failed && current.attempt !== attempt) current = make();
    current.attempt = attempt;
    return (
      <>
        <current.Component {...props} />
        <Shown attempt={attempt} />
      </>
    );
  };
}
