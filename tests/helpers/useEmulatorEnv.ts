import { emulatorEnv, type HuaweiEmulator } from "../../emulator";
import { clearConnectionCache } from "../../provider/config/resolveConnection";

/**
 * Starts `emulator` for the calling test file and points the provider at it the way a user's
 * shell would (`HW_*` variables, access-key signing), so provider calls made directly, as the
 * dynamic-provider host makes them, resolve their connection from the environment. The
 * connection cache is cleared on the way in and out, so no other file's emulator is reused, and
 * the environment is restored afterwards. Registers jest hooks: call it inside `describe`.
 */
export function useEmulatorEnv(emulator: HuaweiEmulator): void {
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, emulatorEnv(await emulator.start(), "aksk"));
    clearConnectionCache();
  });
  afterAll(async () => {
    process.env = saved;
    clearConnectionCache();
    await emulator.stop();
  });
}
