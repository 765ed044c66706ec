/** The matters the caller follows (关注). */
import { request } from './client';
import type { Follow, Items } from './types';
import { useApi } from './useApi';

const followPath = (matterId: string) => `/api/matters/${encodeURIComponent(matterId)}/follow`;

export const useFollows = () => useApi<Items<Follow>>('/api/follows');

export const follow = (matterId: string) => request(followPath(matterId), { method: 'PUT' });

export const unfollow = (matterId: string) => request(followPath(matterId), { method: 'DELETE' });
