import type { text } from './zh-CN';

/** A catalogue's shape with its string literals widened: every text a string, every function its parameters. */
type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => infer R
    ? (...args: A) => Widen<R>
    : T extends readonly (infer E)[]
      ? readonly Widen<E>[]
      : { readonly [K in keyof T]: Widen<T[K]> };

/**
 * What every language's catalogue must hold: the keys of the Chinese one (the default), no more and
 * no fewer, with functions taking the same parameters. The compiler checks it.
 */
export type Catalogue = Widen<typeof text>;
