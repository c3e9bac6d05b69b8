"use strict";
// matrix-bot-sdk requires the native crypto binding at load time. Its prebuilt binary is fetched at
// install from a host that is often unreachable, so this package stands in: it forwards to the real
// binding when one is installed under the alias below, and otherwise exports classes that refuse to
// work with a clear reason. Nothing is loaded lazily behind the caller's back.
const REAL_PACKAGE = "matrix-sdk-crypto-nodejs-native";
const UNAVAILABLE_REASON =
  "End-to-end encryption is unavailable: the native @matrix-org/matrix-sdk-crypto-nodejs binding is not installed. " +
  `Install it as "${REAL_PACKAGE}" (npm alias) to enable encrypted rooms.`;

let real = null;
try {
  real = require(REAL_PACKAGE);
} catch {
  real = null;
}

function unavailable(name) {
  return class {
    constructor() {
      throw new Error(UNAVAILABLE_REASON);
    }
    static initialize() {
      return Promise.reject(new Error(UNAVAILABLE_REASON));
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
  const stubs = { E2EE_AVAILABLE: false, E2EE_UNAVAILABLE_REASON: UNAVAILABLE_REASON };
  for (const name of names) stubs[name] = unavailable(name);
  module.exports = stubs;
}
