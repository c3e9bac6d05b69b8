import { registerHooks } from "node:module";

/**
 * Preloaded (`--import`) into a server process to run it as on a machine where the native
 * encryption binding was never installed: resolving it fails exactly as it does there.
 */
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === "matrix-sdk-crypto-nodejs-native") {
      throw Object.assign(new Error(`Cannot find module '${specifier}'`), { code: "MODULE_NOT_FOUND" });
    }
    return nextResolve(specifier, context);
  },
});
