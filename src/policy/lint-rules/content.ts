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
  .object({ sources, categories: z.record(z.string(), z.object({ severity: z.enum(["error", "warning"]), terms: z.array(z.string().min(2)) })) })
  .parse(prohibitedRaw);
const shorteners = z.object({ sources, domains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]+$/)) }).parse(shortenersRaw);

/** Every listed drug name, generic and brand, lower case and without repeats. */
export const PRESCRIPTION_DRUG_NAMES: readonly string[] = [
  ...new Set([...drugs.controlledSubstances, ...drugs.prescriptionDrugs].map((name) => name.toLowerCase())),
];
const drugMatcher = compileWordList(PRESCRIPTION_DRUG_NAMES);
const prohibitedMatchers = Object.entries(prohibited.categories).map(([category, { severity, terms }]) => ({
  category,
  severity,
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

export const prohibitedContentRule: LintRule = ({ literalText }) =>
  prohibitedMatchers.flatMap(({ category, severity, matcher }): LintFinding[] => {
    const terms = matcher.find(literalText);
    if (terms.length === 0) return [];
    return [{
      rule: "prohibited-content",
      severity,
      message: `Remove ${terms.map((term) => `"${term}"`).join(", ")}: ${category} content is restricted on A2P 10DLC (SHAFT-C) and does not belong in patient messages. Reword without it.`,
    }];
  });

export const publicUrlShortenerRule: LintRule = ({ literalText }) => {
  const hosts = [...new Set([...literalText.matchAll(shortenerRegex)].map((match) => (match[1] ?? "").toLowerCase()))];
  return hosts.map((host) => ({
    rule: "public-url-shortener",
    severity: "error",
    message: `Replace the ${host} link: carriers filter messages with public URL shorteners. Use the full link on the practice's own domain (e.g. {{links.portal}}) or a branded short domain the practice owns.`,
  }));
};
