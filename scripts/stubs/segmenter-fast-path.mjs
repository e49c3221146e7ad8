// The segmenter the bundle uses for `Intl.Segmenter` (lazy-segmenter.mjs);
// test/packaging/segmenter-fast-path.test.ts compares its segments with ICU's.

/** Segments of `input`, one per UTF-16 unit: for text whose characters are each a grapheme of its own. */
class CharacterSegments {
  #input;

  constructor(input) {
    this.#input = input;
  }

  containing(index = 0) {
    const at = Math.trunc(Number(index));
    return at >= 0 && at < this.#input.length ? { segment: this.#input[at], index: at, input: this.#input } : undefined;
  }

  *[Symbol.iterator]() {
    const input = this.#input;
    for (let index = 0; index < input.length; index++) yield { segment: input[index], index, input };
  }
}

/**
 * A class standing for Intl.Segmenter: the real one is made on first need, and grapheme
 * segmentation of ASCII and `oneColumn` (string-width-fast-path.mjs's narrowCharacters: BMP
 * characters that never join a neighbour) is done without it. CR LF is one grapheme: such text
 * goes to ICU.
 */
export function lazySegmenterClass(oneColumn) {
  const ownGraphemes = new RegExp(`^[\\u0000-\\u007f${oneColumn}]*$`);
  return class LazySegmenter {
    #args;
    #segmenter;
    #graphemes;

    constructor(...args) {
      this.#args = args;
      const granularity = args[1]?.granularity;
      this.#graphemes = granularity === undefined || granularity === "grapheme";
    }

    #real() {
      return (this.#segmenter ??= new globalThis.Intl.Segmenter(...this.#args));
    }

    segment(input) {
      const text = String(input);
      return this.#graphemes && ownGraphemes.test(text) && !text.includes("\r\n")
        ? new CharacterSegments(text)
        : this.#real().segment(input);
    }

    resolvedOptions() {
      return this.#real().resolvedOptions();
    }
  };
}
