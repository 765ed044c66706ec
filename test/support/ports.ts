/**
 * Fakes of what the workflow's classes ask of Temporal (workflows/process/): cancellation scopes
 * and promises a test settles by hand, so effects and projection run without a server.
 */
import { CancelledFailure } from '@temporalio/workflow';
import type { Scope } from '../../workflows/process/effects';

/** A promise and the hands that settle it. */
export interface Pending<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

export function pending<T>(): Pending<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A scope whose cancellation rejects what runs in it with CancelledFailure, as Temporal's does. */
export class FakeScope implements Scope {
  cancelled = false;
  private readonly cancelRequested: Promise<never>;
  private rejectCancel!: (err: unknown) => void;

  constructor() {
    this.cancelRequested = new Promise<never>((_, reject) => {
      this.rejectCancel = reject;
    });
    this.cancelRequested.catch(() => undefined);
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    return Promise.race([fn(), this.cancelRequested]);
  }

  cancel(): void {
    this.cancelled = true;
    this.rejectCancel(new CancelledFailure('Cancellation scope cancelled'));
  }
}

/** Lets every settled promise's callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
