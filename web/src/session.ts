// The API key lives in this tab's sessionStorage only: never in a URL, never in localStorage, gone at sign-out
// or when the tab closes. The caller (role, tenant, key name) is what GET /api/me said about it.

export type Role = 'analyst' | 'customer' | 'admin';

export interface Caller {
  role: Role;
  tenant: string;
  key: string;
}

const keyItem = 'talent.apiKey';
const callerItem = 'talent.caller';

export function apiKey(): string | null {
  return sessionStorage.getItem(keyItem);
}

export function caller(): Caller | null {
  const text = sessionStorage.getItem(callerItem);
  if (!text || !apiKey()) return null;
  try {
    return JSON.parse(text) as Caller;
  } catch {
    return null;
  }
}

export function signIn(key: string, who: Caller): void {
  sessionStorage.setItem(keyItem, key);
  sessionStorage.setItem(callerItem, JSON.stringify(who));
}

export function signOut(): void {
  sessionStorage.removeItem(keyItem);
  sessionStorage.removeItem(callerItem);
}

/** Analysts and admins write market data (the gateway's market-writer policy). */
export function writesMarketData(who: Caller | null): boolean {
  return who?.role === 'analyst' || who?.role === 'admin';
}

/** Customers write their own tenant's payroll rows (the gateway's tenant-data policy). */
export function writesTenantData(who: Caller | null): boolean {
  return who?.role === 'customer';
}
