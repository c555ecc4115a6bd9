/**
 * The browser's side of the stored session: one record in IndexedDB, read, written and deleted
 * whole. No checks here (./format.ts decodes what comes back); where IndexedDB is missing or
 * refuses (a private window, storage full), every call rejects with the browser's reason.
 */
const DB_NAME = 'pruning-lab';
const STORE = 'session';
const KEY = 'current';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('This browser has no IndexedDB'));
      return;
    }
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
  });
}

async function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB refused the change'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB gave up the change'));
    });
  } finally {
    db.close();
  }
}

/** The stored record as it comes back (structured-cloned), or undefined when there is none. */
export function readStored(): Promise<unknown> {
  return transact('readonly', (store) => store.get(KEY));
}

/** Replaces the stored record with `value`. */
export async function writeStored(value: unknown): Promise<void> {
  await transact('readwrite', (store) => store.put(value, KEY));
}

/** Deletes the stored record, if any. */
export async function clearStored(): Promise<void> {
  await transact('readwrite', (store) => store.delete(KEY));
}
