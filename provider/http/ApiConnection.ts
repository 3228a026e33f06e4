/** The parts of an outgoing request that a signature covers. */
export interface SignableRequest {
  readonly method: string;
  /** Full URL, query included. */
  readonly url: URL;
  /** Headers already set (lower-case names), before authentication. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes that will be sent (empty string when there is none). */
  readonly body: string;
}

/**
 * Adds credentials to requests. Implementations hold the secret; nothing else in the provider
 * ever sees it, and errors never carry what {@link authorize} returns.
 */
export interface Authenticator {
  /** What kind of credential this is and where it came from, safe to print (no secret). */
  readonly description: string;
  /**
   * Headers to add to this exact request. Called again for every attempt, so that a signature
   * carries a fresh date and a refreshed token is used.
   */
  authorize(req: SignableRequest): Promise<Record<string, string>>;
  /**
   * Called once after an HTTP 401. Resolves `true` when new credentials were obtained and one
   * more attempt is worth it (an IAM token fetched again); a signature is never retried.
   */
  refresh?(): Promise<boolean>;
}

/** Where and as whom calls to one service are sent. Built at run time; never stored in state. */
export interface ApiConnection {
  /** Base URL of the service endpoint, for example `https://drs.ap-southeast-1.myhuaweicloud.com`. */
  readonly endpoint: string;
  readonly projectId: string;
  /** The region the connection was resolved for, when one was known (never a secret). */
  readonly region?: string | undefined;
  readonly auth: Authenticator;
  /** Retries stop at this instant (epoch ms). */
  readonly deadline?: number | undefined;
  /**
   * Called right before every attempt of a call that is not a plain read (`GET`); throwing stops
   * the call there. Teardown uses it to send nothing once the CLI that asked for it is gone.
   */
  readonly beforeSend?: (() => Promise<void>) | undefined;
}
