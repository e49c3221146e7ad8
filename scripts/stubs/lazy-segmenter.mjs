// `new Intl.Segmenter()` in the bundle (scripts/bundle.mjs defines Intl.Segmenter as this class).
// The first segmenter a process makes loads ICU's break rules, about 10 ms, and string-width,
// slice-ansi and @alcalzone/ansi-tokenize each make one when they are evaluated; Ink's output then
// splits every line it draws into graphemes. This one is made when first needed: text whose every
// character is a grapheme of its own (ASCII and the one-column characters of string-width's fast
// path, without a CR LF pair) is split by its characters, as ICU would split it.
/* global __ONE_COLUMN_CHARACTERS__ */
import { lazySegmenterClass } from "./segmenter-fast-path.mjs";

export const __cl_LazySegmenter = lazySegmenterClass(__ONE_COLUMN_CHARACTERS__);
