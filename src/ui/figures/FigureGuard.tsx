import { Component, type ReactNode } from 'react';

/**
 * Keeps the page up when a figure cannot be drawn: the figure's place says why, and everything else
 * (controls, readouts, the other figures) goes on working. React logs the error to the console too.
 */
export class FigureGuard extends Component<{ children: ReactNode }, { problem: string | null }> {
  override state = { problem: null as string | null };

  static getDerivedStateFromError(error: unknown): { problem: string } {
    return { problem: error instanceof Error ? error.message : String(error) };
  }

  override render() {
    if (this.state.problem === null) return this.props.children;
    return (
      <section className="card" role="alert">
        <p>
          These pictures could not be drawn: {this.state.problem}.{' '}
          <button type="button" onClick={() => this.setState({ problem: null })}>
            Draw them again
          </button>
        </p>
      </section>
    );
  }
}
