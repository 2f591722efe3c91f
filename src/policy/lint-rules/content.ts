/** Content carriers block: prescription drugs, SHAFT-C, public URL shorteners. */
import { z } from "zod";
import drugsRaw from "../data/prescription-drugs.json" with { type: "json" };
import prohibitedRaw from "../data/prohibited-content.json" with { type: "json" };
import shortenersRaw from "../data/url-shorteners.json" with { type: "json" };
import type { LintFinding, LintRule } from "./types.js";
import { compileWordList } from "./word-list.js";

const sources = z.array(z.string().min(1)).min(1);
const drugs = z.object({ sources, controlledSubstances: z.array(z.string().min(2)), prescriptionDrugs: z.array(z.string().min(2)) }).parse(drugsRaw);
const prohibited = z
  .object({ sources, categories: z.record(z.string(), z.object({ severity: z.literal("error"), ageGated: z.boolean().default(false), terms: z.array(z.string().min(2)) })) })
  .parse(prohibitedRaw);

/** SHAFT-C categories carriers allow on age-gated campaigns: the only ones a practice may lower to a warning. */
export const AGE_GATED_CATEGORIES = ["alcohol", "firearms", "tobacco"] as const;
export type AgeGatedCategory = (typeof AGE_GATED_CATEGORIES)[number];
if (Object.entries(prohibited.categories).some(([name, c]) => c.ageGated !== (AGE_GATED_CATEGORIES as readonly string[]).includes(name))) {
  throw new Error("prohibited-content.json and AGE_GATED_CATEGORIES disagree on which categories are age-gated; fix one of them.");
}
const shorteners = z.object({ sources, domains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]+$/)) }).parse(shortenersRaw);

/** Every listed drug name, generic and brand, lower case and without repeats. */
export const PRESCRIPTION_DRUG_NAMES: readonly string[] = [
  ...new Set([...drugs.controlledSubstances, ...drugs.prescriptionDrugs].map((name) => name.toLowerCase())),
];
const drugMatcher = compileWordList(PRESCRIPTION_DRUG_NAMES);
const prohibitedMatchers = Object.entries(prohibited.categories).map(([category, { ageGated, terms }]) => ({
  category,
  ageGated,
  matcher: compileWordList(terms),
}));
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// A shortener host stands alone ("about.com" does not contain "t.co"): no host character on either side.
const shortenerRegex = new RegExp(`(?<![A-Za-z0-9.-])(?:www\\.)?(${shorteners.domains.map(escape).join("|")})(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, "gi");

export const prescriptionDrugRule: LintRule = ({ literalText }) =>
  drugMatcher.find(literalText).map((name) => ({
    rule: "prescription-drug",
    severity: "error",
    message: `Remove "${name}": carriers block SMS that name prescription drugs or controlled substances, and a named drug is always PHI. Say "your prescription is ready" or point to {{links.portal}} instead.`,
  }));

export const prohibitedContentRule: LintRule = ({ literalText, loweredCategories }) =>
  prohibitedMatchers.flatMap(({ category, ageGated, matcher }): LintFinding[] => {
    const terms = matcher.find(literalText);
    if (terms.length === 0) return [];
    const quoted = terms.map((term) => `"${term}"`).join(", ");
    if (ageGated && loweredCategories.has(category)) {
      return [{ rule: "prohibited-content", severity: "warning", message: `${quoted}: ${category} content is allowed only because lint.prohibitedContent lowers it for the practice's age-gated campaign; carriers still filter it elsewhere.` }];
    }
    return [{
      rule: "prohibited-content",
      severity: "error",
      message: `Remove ${quoted}: ${category} content is restricted on A2P 10DLC (SHAFT-C) and carriers filter it on healthcare campaigns. Reword without it${ageGated ? ", or, for a campaign registered as age-gated, lower this category under lint.prohibitedContent with the reason" : ""}.`,
    }];
  });

/** The public URL shortener hosts a text (or a URL) uses, lower case, each once. */
export function publicShortenersIn(text: string): string[] {
  return [...new Set([...text.matchAll(shortenerRegex)].map((match) => (match[1] ?? "").toLowerCase()))];
}

export const publicUrlShortenerRule: LintRule = ({ literalText }) => {
  const hosts = publicShortenersIn(literalText);
  return hosts.map((host) => ({
    rule: "public-url-shortener",
    severity: "error",
    message: `Replace the ${host} link: carriers filter messages with public URL shorteners. Use the full link on the practice's own domain (e.g. {{links.portal}}) or a branded short domain the practice owns.`,
  }));
};
