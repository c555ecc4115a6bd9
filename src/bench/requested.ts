/** Whether `npm run bench` opened the page (`?bench`): it loads the timing helpers, and no service worker. */
export const benchRequested = (): boolean => new URLSearchParams(location.search).has('bench');
