/**
 * Where and how the project talks to Temporal. Everything comes from the environment;
 * without TEMPORAL_ADDRESS, `npm start` runs a local dev server (infra/temporal-server.ts)
 * and fills in the address it got.
 */
import type { NativeConnectionOptions } from '@temporalio/worker';

export interface TemporalConfig {
  /** host:port of the Temporal frontend; undefined means "start a local dev server". */
  address?: string;
  namespace: string;
  taskQueue: string;
  /** PEM client certificate and key for mTLS (TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY: file paths). */
  tlsCertPath?: string;
  tlsKeyPath?: string;
  /** Temporal Cloud API key; implies TLS. */
  apiKey?: string;
}

/** Custom search attributes the interpreter sets on every matter, registered on start. */
export const SEARCH_ATTRIBUTES = {
  ProcessKey: 'Keyword',
  ProcessVersion: 'Int',
  MatterStatus: 'Keyword',
  Units: 'KeywordList',
  Light: 'Keyword',
} as const;

export function temporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  return {
    address: env.TEMPORAL_ADDRESS || undefined,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE || 'duban',
    tlsCertPath: env.TEMPORAL_TLS_CERT || undefined,
    tlsKeyPath: env.TEMPORAL_TLS_KEY || undefined,
    apiKey: env.TEMPORAL_API_KEY || undefined,
  };
}

/** Connection options shared by the client and the worker. */
export async function connectionOptions(
  config: TemporalConfig,
  address: string,
): Promise<Pick<NativeConnectionOptions, 'address' | 'tls' | 'apiKey'>> {
  const { readFile } = await import('node:fs/promises');
  const tls =
    config.tlsCertPath && config.tlsKeyPath
      ? {
          clientCertPair: {
            crt: await readFile(config.tlsCertPath),
            key: await readFile(config.tlsKeyPath),
          },
        }
      : config.apiKey
        ? true
        : undefined;
  return { address, tls, apiKey: config.apiKey };
}
