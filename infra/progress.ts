/**
 * One line that says how a long first-start step is going ("building the Temporal CLI (first start,
 * about 3 minutes)… 45 s"), instead of pages of a tool's own output. On a terminal the line is
 * rewritten in place every second; elsewhere (CI logs, a file) a line is written every 15 s.
 */
export interface Progress {
  /** Extra detail after the elapsed time, e.g. "12.3 of 40.1 MB". */
  detail(text: string): void;
  /** Ends the line (on a terminal) and stops the timer. */
  done(): void;
}

export interface ProgressOptions {
  /** Where the line goes; process.stdout by default. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  prefix?: string;
  /** Seconds between lines when the stream is not a terminal. */
  everySeconds?: number;
  /** How long the step usually takes: the line then says roughly how long is left. */
  estimateSeconds?: number;
}

export function startProgress(label: string, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stdout;
  const prefix = options.prefix ?? '[duban] ';
  const tty = Boolean(stream.isTTY);
  const started = Date.now();
  let detail = '';
  let lastLine = 0;
  const left = (elapsed: number) => {
    if (!options.estimateSeconds) return '';
    const remaining = options.estimateSeconds - elapsed;
    return remaining >= 5 ? `, about ${formatSeconds(Math.ceil(remaining / 5) * 5)} left` : ', taking longer than usual';
  };
  const line = () => {
    const elapsed = (Date.now() - started) / 1000;
    return `${prefix}${label}… ${formatSeconds(elapsed)}${left(elapsed)}${detail ? ` (${detail})` : ''}`;
  };
  const tick = () => {
    if (tty) stream.write(`\r\x1b[2K${line()}`);
    else if (Date.now() - lastLine >= (options.everySeconds ?? 15) * 1000) {
      lastLine = Date.now();
      stream.write(`${line()}\n`);
    }
  };
  tick();
  const timer = setInterval(tick, 1000);
  timer.unref();
  return {
    detail(text) {
      detail = text;
    },
    done() {
      clearInterval(timer);
      if (tty) stream.write(`\r\x1b[2K`);
    },
  };
}

export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
