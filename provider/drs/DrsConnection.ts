/** Where and as whom DRS calls are sent. Built at run time; never stored in state. */
export interface DrsConnection {
  /** Base URL of the DRS endpoint. */
  readonly endpoint: string;
  readonly projectId: string;
  /** Authentication headers (never logged). */
  readonly headers: Readonly<Record<string, string>>;
  /** Retries stop at this instant (epoch ms). */
  readonly deadline?: number | undefined;
}
