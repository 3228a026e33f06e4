/*
 * Test helper: talks to the emulator over real HTTP, signing with the OFFICIAL Huawei Node SDK
 * signer so that the emulator's verifier is held against an independent implementation.
 */
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import type { ICredential } from "@huaweicloud/huaweicloud-sdk-core/auth/ICredential";
import { defaultEmulatorCredentials } from "../../emulator";

/** An answer as a test looks at it. */
export interface TestAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/** One call to make. */
export interface TestCall {
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Changes a signed request before it is sent, to check that the emulator notices. */
export interface Tamper {
  path?: string;
  query?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
}

const defaultKey = defaultEmulatorCredentials.accessKeys[0];

/** Formats a date as `YYYYMMDDTHHMMSSZ`. */
export function sdkDate(date: Date): string {
  return `${date.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;
}

function urlOf(base: string, path: string, query?: Readonly<Record<string, string>>): string {
  const qs = query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query).toString()}` : "";
  return `${base}${path}${qs}`;
}

async function send(url: string, method: string, headers: Record<string, string>, body?: string) {
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return {
    status: res.status,
    body: text === "" ? undefined : (JSON.parse(text) as unknown),
    headers: res.headers,
  };
}

/** Calls the emulator at `base`. */
export class EmulatorTestClient {
  constructor(readonly base: string) {}

  /** A call signed by the SDK's `AKSKSigner` (signs host, content-type, x-sdk-date and any extra headers). */
  async signed(
    call: TestCall,
    opts: { ak?: string; sk?: string; date?: Date; tamper?: Tamper } = {},
  ): Promise<TestAnswer> {
    const credential = {
      getAk: () => opts.ak ?? defaultKey.accessKeyId,
      getSk: () => opts.sk ?? defaultKey.secretAccessKey,
    } as unknown as ICredential;
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers: Record<string, string> = {
      "X-Sdk-Date": sdkDate(opts.date ?? new Date()),
      ...(payload !== undefined ? { "content-type": "application/json" } : {}),
      ...call.headers,
    };
    const signedHeaders = AKSKSigner.sign(
      {
        endpoint: `${this.base}${call.path}`,
        method: call.method,
        headers,
        queryParams: call.query ?? {},
        ...(call.body !== undefined ? { data: call.body } : {}),
      },
      credential,
    ) as Record<string, string>;
    const t = opts.tamper ?? {};
    return send(
      urlOf(this.base, t.path ?? call.path, t.query ?? call.query),
      call.method,
      { ...signedHeaders, ...t.headers },
      t.body ?? payload,
    );
  }

  /** A call with an IAM token. */
  withToken(token: string, call: TestCall): Promise<TestAnswer> {
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    return send(
      urlOf(this.base, call.path, call.query),
      call.method,
      { "x-auth-token": token, "content-type": "application/json", ...call.headers },
      payload,
    );
  }

  /** A call without credentials. */
  plain(call: TestCall): Promise<TestAnswer> {
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    return send(
      urlOf(this.base, call.path, call.query),
      call.method,
      { "content-type": "application/json", ...call.headers },
      payload,
    );
  }

  /** A control call under `/__emulator/`. */
  control(method: string, what: string, body?: unknown): Promise<TestAnswer> {
    return this.plain({ method, path: `/__emulator/${what}`, body });
  }

  /** Gets a token for the default user, scoped to a project by id or by name. */
  async token(
    scope: { id: string } | { name: string } = { id: defaultEmulatorCredentials.projectId },
    password?: string,
  ) {
    const user = defaultEmulatorCredentials.users[0];
    return this.plain({
      method: "POST",
      path: "/v3/auth/tokens",
      body: {
        auth: {
          identity: {
            methods: ["password"],
            password: {
              user: {
                name: user.userName,
                password: password ?? user.password,
                domain: { name: user.domainName },
              },
            },
          },
          scope: { project: scope },
        },
      },
    });
  }
}
