import { useSyncExternalStore } from 'react';

// antd's `md` breakpoint: below it the layout switches to the phone variant.
const phoneQuery = window.matchMedia('(max-width: 767.98px)');

function subscribe(onChange: () => void): () => void {
  phoneQuery.addEventListener('change', onChange);
  return () => phoneQuery.removeEventListener('change', onChange);
}

export function useIsPhone(): boolean {
  return useSyncExternalStore(subscribe, () => phoneQuery.matches);
}
