/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Tone } from "../words.js";

/** A status in words, tinted by tone; the words carry the meaning on their own. */
export function Tag(props: { words: string; tone: Tone }) {
  return <span class={`tag ${props.tone}`}>{props.words}</span>;
}
