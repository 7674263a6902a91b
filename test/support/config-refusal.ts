/**
 * The refusal of a configuration, for tests that assert what it says: runs `load` (a
 * `loadConfig` call, with whatever set-up belongs inside it) and returns the ConfigError it
 * throws. Fails when the configuration is accepted, and lets any other error through, so a
 * crash never passes for a refusal.
 */
import { ConfigError } from '../../lib/config/config-error';

export function configRefusal(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('configuration was accepted');
}
