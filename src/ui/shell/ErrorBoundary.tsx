import { Component, type ErrorInfo, type ReactNode } from "react";

interface Props {
  /** Names the part of the page, for the message. */
  label: string;
  children: ReactNode;
}

interface State {
  error?: Error;
}

/** Catches a render failure in one part of the page so the rest keeps working. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = {};

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn(
      `[eventscope] ${this.props.label} failed to render:`,
      error,
      info.componentStack,
    );
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="panel-error" data-testid="render-error">
        <strong>{this.props.label} failed to render.</strong>
        <p>{error.message}</p>
        <button type="button" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}
