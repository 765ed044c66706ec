/** The login token, kept in localStorage so a reload stays signed in, and who to tell when it stops working. */

const storageKey = 'duban.token';
const expiredListeners = new Set<() => void>();

export function getToken(): string | null {
  return localStorage.getItem(storageKey);
}

export function saveToken(token: string): void {
  localStorage.setItem(storageKey, token);
}

export function clearToken(): void {
  localStorage.removeItem(storageKey);
}

/** Called when the server rejects the token (401); the app shows the login page. */
export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener);
  return () => {
    expiredListeners.delete(listener);
  };
}

export function expireSession(): void {
  clearToken();
  for (const listener of expiredListeners) listener();
}
