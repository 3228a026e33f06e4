import type * as pulumi from "@pulumi/pulumi";
import { configNamespace, settingSpecs, type SettingKey } from "./settings";

/** A setting found in the stack config, with the key it came from (for messages). */
export interface StackSetting {
  readonly value: string;
  readonly source: string;
}

// Filled by `configure`, which the dynamic-provider host calls once per process before the first
// method runs. Module state is the only place it can live: the host keeps no other handle, and
// nothing of it may reach the serialized provider or the state.
let current: ReadonlyMap<SettingKey, StackSetting> = new Map();

/**
 * Takes this package's settings from the stack config handed to a dynamic provider's
 * `configure`: `huaweicloud-jobs:<key>` first, then the Huawei Cloud Pulumi provider's
 * `huaweicloud:<key>` so stacks that already configure that provider need nothing new.
 * Secrets arrive decrypted and stay in memory only.
 */
export function configureFromStack(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const found = new Map<SettingKey, StackSetting>();
  for (const spec of settingSpecs) {
    const keys = [`${configNamespace}:${spec.key}`];
    if ("huaweicloudKey" in spec) keys.push(`huaweicloud:${spec.huaweicloudKey}`);
    for (const key of keys) {
      const value = stringValue(req.config.get(key));
      if (value !== undefined) {
        found.set(spec.key, { value, source: `stack config ${key}` });
        break;
      }
    }
  }
  current = found;
  return Promise.resolve();
}

/** The settings taken by the last {@link configureFromStack}. */
export function stackConfig(): ReadonlyMap<SettingKey, StackSetting> {
  return current;
}

function stringValue(value: unknown): string | undefined {
  // The host hands raw config values; non-string values (objects) are not ours to interpret.
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}
