"use strict";
// matrix-bot-sdk requires the native crypto binding at load time. Its prebuilt binary is fetched at
// install from a host that is often unreachable, so this package stands in: it forwards to the real
// binding, installed under the alias below (package.json's optionalDependencies, which downloads it
// where the machine can, or `npm run install-crypto-binding -- <tarball>`), and otherwise exports
// classes that refuse to work with the precise reason. Nothing is loaded lazily behind the caller's back.
const REAL_PACKAGE = "matrix-sdk-crypto-nodejs-native";
const HOW_TO_INSTALL =
  "Run `npm install` on a machine that can reach GitHub (the package downloads its binary), or " +
  "`npm run install-crypto-binding -- <path to a matrix-sdk-crypto-nodejs 0.4.0 tarball with the binary>` " +
  "(or set MATRIX_CRYPTO_BINDING_TARBALL before `npm install`).";

function reasonFor(err) {
  if (err && err.code === "MODULE_NOT_FOUND" && String(err.message).includes(`'${REAL_PACKAGE}'`)) {
    return `the native binding (@matrix-org/matrix-sdk-crypto-nodejs as "${REAL_PACKAGE}") is not installed. ${HOW_TO_INSTALL}`;
  }
  // Installed but unusable: typically its download of the binary failed, or the binary does not fit this system.
  return `the native binding "${REAL_PACKAGE}" is installed but cannot be loaded (${String(err && err.message).split("\n")[0]}). ${HOW_TO_INSTALL}`;
}

let real = null;
let unavailableReason = null;
try {
  real = require(REAL_PACKAGE);
} catch (err) {
  unavailableReason = `End-to-end encryption is unavailable: ${reasonFor(err)}`;
}

function unavailable(name) {
  return class {
    constructor() {
      throw new Error(unavailableReason);
    }
    static initialize() {
      return Promise.reject(new Error(unavailableReason));
    }
    static get shimName() {
      return name;
    }
  };
}

const names = ["OlmMachine", "UserId", "DeviceId", "RoomId", "DeviceLists", "EncryptionSettings",
  "Attachment", "EncryptedAttachment", "RequestType", "StoreType", "EncryptionAlgorithm", "HistoryVisibility"];

if (real) {
  module.exports = Object.assign({}, real, { E2EE_AVAILABLE: true, E2EE_UNAVAILABLE_REASON: null });
} else {
  const stubs = { E2EE_AVAILABLE: false, E2EE_UNAVAILABLE_REASON: unavailableReason };
  for (const name of names) stubs[name] = unavailable(name);
  module.exports = stubs;
}
