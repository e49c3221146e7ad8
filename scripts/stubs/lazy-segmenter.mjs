// `new Intl.Segmenter()` in the bundle (scripts/bundle.mjs defines Intl.Segmenter as this class):
// the first segmenter a process makes loads ICU's break rules, about 10 ms, and string-width,
// slice-ansi and @alcalzone/ansi-tokenize each make one when they are evaluated, on the way to
// the UI's first frame, which segments nothing. This one is made when first used.
export class __cl_LazySegmenter {
  #args;
  #segmenter;

  constructor(...args) {
    this.#args = args;
  }

  #real() {
    return (this.#segmenter ??= new globalThis.Intl.Segmenter(...this.#args));
  }

  segment(input) {
    return this.#real().segment(input);
  }

  resolvedOptions() {
    return this.#real().resolvedOptions();
  }
}
