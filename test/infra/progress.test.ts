import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatSeconds, startProgress } from '../../infra/progress';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY },
  );
  return { stream, chunks };
}

describe('startProgress', () => {
  it('rewrites one line on a terminal, with the elapsed time and a detail', async () => {
    const { stream, chunks } = sink(true);
    const progress = startProgress('building the Temporal CLI (first start, about 3 minutes)', { stream });
    progress.detail('fetching go.temporal.io/server');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    progress.done();
    expect(chunks[0]).toBe('\r\x1b[2K[duban] building the Temporal CLI (first start, about 3 minutes)… 0 s');
    expect(chunks.some((c) => c.includes('1 s (fetching go.temporal.io/server)'))).toBe(true);
    expect(chunks.every((c) => !c.includes('\n'))).toBe(true);
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
  });

  it('writes a line now and then elsewhere', async () => {
    const { stream, chunks } = sink(false);
    const progress = startProgress('downloading the Temporal CLI', { stream, everySeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    progress.done();
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    expect(chunks.length).toBeLessThanOrEqual(2);
    expect(chunks.every((c) => c.endsWith('\n') && !c.includes('\r'))).toBe(true);
  });

  it('says roughly how long is left when the step has an estimate', () => {
    const { stream, chunks } = sink(false);
    startProgress('building the Temporal CLI', { stream, estimateSeconds: 180 }).done();
    expect(chunks[0]).toBe('[duban] building the Temporal CLI… 0 s, about 3 min 00 s left\n');
  });

  it('formats seconds and minutes', () => {
    expect(formatSeconds(45.2)).toBe('45 s');
    expect(formatSeconds(185)).toBe('3 min 05 s');
  });
});
