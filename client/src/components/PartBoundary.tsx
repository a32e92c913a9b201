import { Component, type ErrorInfo, type ReactNode } from 'react';
import { PartAttempt, PartLoadError, PartShown } from './lazyPart';
import { probePart, type PartProbe } from './partProbe';

interface Props {
  /** What is missing, as the message names it: "The session's steps", "This page". */
  part: string;
  /** What still works while it is missing, so that a nurse knows the session is not lost. */
  stillWorks: string;
  /** A different value (another page) clears a failure: the new content gets its own try. */
  resetKey?: string;
  /** Asks the server about a file that did not load (a test gives its own). */
  probe?: (cause: unknown) => Promise<PartProbe>;
  children: ReactNode;
}

interface State {
  error: unknown;
  /** Presses of "Try again" since the part last showed (so a later, new failure is not called "again"). */
  retries: number;
  /** The last failure was a load: the part shows only once its code has come and it has drawn (`PartShown`). */
  failedToLoad: boolean;
  probe: PartProbe | null;
  attempt: object;
}

/**
 * Catches what its part throws while loading or drawing and says so in the part's place, large and
 * in words, with "Try again" (a fresh load of the part's code, without reloading the page: the
 * live session, its connection and a half-typed entry stay). Everything outside the part keeps working.
 */
export class PartBoundary extends Component<Props, State> {
  override state: State = { error: null, retries: 0, failedToLoad: false, probe: null, attempt: {} };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error, probe: null, failedToLoad: error instanceof PartLoadError };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    // Logged for whoever looks at the tablet's console; the screen says it in words.
    console.error(`Vigil: ${this.props.part} could not be shown`, error, info.componentStack);
    if (!(error instanceof PartLoadError)) return;
    void (this.props.probe ?? probePart)(error.cause).then((probe) => {
      if (this.state.error === error) this.setState({ probe });
    });
  }

  override componentDidUpdate(previous: Props) {
    if (previous.resetKey !== this.props.resetKey && this.state.error !== null) this.setState({ error: null, retries: 0, attempt: {} });
    // A part that failed while drawing drew this time (its code was there: nothing to wait for).
    else if (this.state.error === null && this.state.retries > 0 && !this.state.failedToLoad) this.setState({ retries: 0 });
  }

  /** A part loaded on demand has come and drawn (lazyPart): a later failure is a new one. */
  private readonly shown = () => {
    if (this.state.error === null && this.state.retries > 0) this.setState({ retries: 0 });
  };

  private readonly tryAgain = () => this.setState((state) => ({ error: null, retries: state.retries + 1, probe: null, attempt: {} }));

  override render() {
    const { error, retries, probe, attempt } = this.state;
    if (error === null)
      return (
        <PartShown.Provider value={this.shown}>
          <PartAttempt.Provider value={attempt}>{this.props.children}</PartAttempt.Provider>
        </PartShown.Provider>
      );
    const { part, stillWorks } = this.props;
    const loading = error instanceof PartLoadError;
    return (
      <section role="alert" className="part-failure" data-testid="part-failure">
        <h2>
          <span aria-hidden="true">⚠ </span>
          {loading ? `${part} did not load` : `${part} stopped working`}
          {retries > 0 && ` again (tried ${retries === 1 ? 'once' : `${retries} times`})`}
        </h2>
        <p>
          {loading
            ? 'Vigil could not fetch it from the server: the network may have dropped.'
            : 'A fault in Vigil stopped it, not anything you did. It has been logged.'}{' '}
          {stillWorks}
        </p>
        {probe === 'unreachable' && <p>The server could not be reached for it just now. Check the Wi-Fi, then try again.</p>}
        {probe === 'available' && <p>The server has it now: Try again should bring it back.</p>}
        {probe === 'gone' && (
          <p>
            Vigil was updated on the server since this page opened, and this part is only in the new version. Reload Vigil to get it:
            recorded readings and entries waiting to be sent are kept, but anything typed and not yet entered is lost.
          </p>
        )}
        <div className="part-failure-actions">
          <button type="button" className="button-primary" onClick={this.tryAgain}>
            Try again
          </button>
          {probe === 'gone' && (
            <button type="button" className="button-quiet" onClick={() => window.location.reload()}>
              Reload Vigil
            </button>
          )}
        </div>
      </section>
    );
  }
}
