/** Leaders' instructions (批示) on a matter or one of its nodes. */
import { request } from './client';
import type { Instruction, Items } from './types';
import { useApi } from './useApi';

const instructionsPath = (matterId: string) => `/api/matters/${encodeURIComponent(matterId)}/instructions`;

/** The matter's instructions, oldest first. */
export const useInstructions = (matterId: string) => useApi<Items<Instruction>>(instructionsPath(matterId));

/** Writes an instruction; the server tells the responsible units. */
export const writeInstruction = (matterId: string, instruction: { text: string; elementId?: string }) =>
  request(instructionsPath(matterId), { method: 'POST', body: instruction });
