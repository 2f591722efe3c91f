import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyReply, type PromptExpectation } from "../../src/policy/classify-reply.js";

const EXPECTINGS: Array<PromptExpectation[] | undefined> = [undefined, [], ["accept"], ["confirm", "reschedule", "decline"], ["reschedule"]];
const anyCase = (word: string) =>
  fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((upper) =>
    [...word].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join(""),
  );
const separator = fc.constantFrom(" ", "\n", ". ", ", ", "! ", " - ", "\t", "  ");

describe("classifyReply properties", () => {
  it("STOP, STOPALL, UNSUBSCRIBE, REVOKE and OPTOUT opt out whatever text surrounds them", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("stop", "stopall", "unsubscribe", "revoke", "optout"),
        fc.string({ unit: "grapheme", maxLength: 60 }),
        fc.string({ unit: "grapheme", maxLength: 60 }),
        separator,
        separator,
        fc.constantFrom(...EXPECTINGS),
        (word, before, after, sepBefore, sepAfter, expecting) => {
          const text = `${before}${sepBefore}${word.toUpperCase()}${sepAfter}${after}`;
          // The one documented exception: "stop by/in/over" written with plain spaces is the visiting idiom.
          fc.pre(!/stop[ \t]+(by|in|over)\b/i.test(text));
          expect(classifyReply(text, expecting ? { expecting } : {}).intent).toBe("opt_out");
        },
      ),
      { numRuns: 400 },
    );
  });

  it("a bare CANCEL, END or QUIT opts out in any case, with pleasantries and punctuation", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("cancel", "end", "quit").chain(anyCase),
        fc.array(fc.constantFrom("please", "now", "thanks", "yes", "ok", "all"), { maxLength: 3 }),
        fc.constantFrom("", "!", ".", "!!!", " 🙏", "?"),
        fc.constantFrom(...EXPECTINGS),
        (word, extras, punctuation, expecting) => {
          const text = [word, ...extras].join(" ") + punctuation;
          expect(classifyReply(text, expecting ? { expecting } : {}).intent).toBe("opt_out");
        },
      ),
    );
  });

  it("never throws and always returns a known intent and a normalized lower-case text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.constantFrom(...EXPECTINGS), (text, expecting) => {
        const result = classifyReply(text, expecting ? { expecting } : {});
        expect(["opt_out", "opt_in", "help", "confirm", "decline", "reschedule", "accept", "unknown"]).toContain(result.intent);
        expect(result.normalized).toBe(result.normalized.toLowerCase());
        expect(result.normalized).not.toMatch(/[\s]{2}|^\s|\s$/);
      }),
    );
  });
});
