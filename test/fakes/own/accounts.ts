import type { AccountAdmin } from "../../../server/features/sync/steps.ts";
import type { AdminAccount } from "../../../server/kernel/matrix/admin.ts";

/**
 * Synapse's local accounts as our AccountAdmin (server/features/sync/steps.ts) shows them, in a
 * map; like the admin API, asking for an account that does not exist is a not-found.
 */
export function fakeAccounts(initial: Record<string, AdminAccount> = {}) {
  const accounts = new Map(Object.entries(initial));
  const writes: string[] = [];
  const admin: AccountAdmin = {
    async get(userId) {
      const account = accounts.get(userId);
      if (!account) throw Object.assign(new Error("M_NOT_FOUND"), { errcode: "M_NOT_FOUND", statusCode: 404 });
      return structuredClone(account);
    },
    async put(userId, body) {
      accounts.set(userId, { ...accounts.get(userId), ...body });
      writes.push(`put ${userId}`);
    },
    async deactivate(userId) {
      accounts.set(userId, { ...accounts.get(userId), deactivated: true });
      writes.push(`deactivate ${userId}`);
    },
  };
  return { admin, accounts, writes };
}
