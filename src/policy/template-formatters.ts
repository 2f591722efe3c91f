/**
 * Date and time formatters for templates, in the practice's locale and time zone. Instants are
 * shown in the given IANA zone (via @date-fns/tz), so a 14:30 America/Chicago visit reads
 * "2:30 PM" on both sides of a DST change.
 */
import { format, type Locale } from "date-fns";
import { enUS, es } from "date-fns/locale";
import { tz } from "@date-fns/tz";
import { isValidTimeZone } from "./time-zone.js";
import { toTemplateInstant, type TemplateInstant } from "./template-instant.js";

export const FORMATTER_STYLES = {
  date: ["short", "long", "numeric"],
  time: ["short"],
  datetime: ["short", "long"],
  weekday: ["short", "long"],
} as const satisfies Record<string, readonly string[]>;
export type FormatterName = keyof typeof FORMATTER_STYLES;

export function isFormatterName(name: string): name is FormatterName {
  return Object.hasOwn(FORMATTER_STYLES, name);
}

type Patterns = { [Name in FormatterName]: Record<(typeof FORMATTER_STYLES)[Name][number], string> };

const LOCALES = {
  en: {
    locale: enUS,
    patterns: {
      date: { short: "EEE, MMM d", long: "EEEE, MMMM d", numeric: "M/d" },
      time: { short: "h:mm a" },
      datetime: { short: "EEE, MMM d 'at' h:mm a", long: "EEEE, MMMM d 'at' h:mm a" },
      weekday: { short: "EEE", long: "EEEE" },
    },
  },
  es: {
    locale: es,
    patterns: {
      date: { short: "EEEE d 'de' MMM", long: "EEEE d 'de' MMMM", numeric: "d/M" },
      time: { short: "h:mm aaaa" },
      datetime: { short: "EEEE d 'de' MMM, h:mm aaaa", long: "EEEE d 'de' MMMM, h:mm aaaa" },
      weekday: { short: "EEE", long: "EEEE" },
    },
  },
} as const satisfies Record<string, { locale: Locale; patterns: Patterns }>;

export type TemplateLocale = keyof typeof LOCALES;
export const TEMPLATE_LOCALES = Object.keys(LOCALES) as TemplateLocale[];

/** "es-MX" and "es" both mean Spanish. Throws for a language minnow has no formats for. */
export function resolveTemplateLocale(locale: string | undefined): TemplateLocale {
  const language = (locale ?? "en").toLowerCase().split(/[-_]/)[0] ?? "";
  if (language === "en" || language === "es") return language;
  throw new RangeError(`Unsupported template locale '${locale}'; use one of ${TEMPLATE_LOCALES.join(", ")} (optionally with a region, e.g. es-US)`);
}

/** Throws for a time zone the runtime does not know, before any message is formatted with it. */
export function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown IANA time zone '${timeZone}'; use a name like America/Chicago`);
}

export interface FormatContext { locale: TemplateLocale; timeZone: string }

function formatInstant(instant: TemplateInstant, pattern: string, context: FormatContext): string {
  const { locale } = LOCALES[context.locale];
  // A calendar date or wall time has no zone of its own: format it as written.
  if (instant.kind === "wall") return format(instant.wall, pattern, { locale, in: tz("UTC") });
  return format(instant.date, pattern, { locale, in: tz(context.timeZone) });
}

const DEFAULT_FORMATTER: Partial<Record<string, FormatterName>> = { date: "date", time: "time", datetime: "datetime" };

/** The tag's own formatter, else the default one for a date-like variable kind, else none. */
export function effectiveFormatter(
  tag: { formatter?: { name: FormatterName; arg?: string } },
  kind: string | undefined,
): { name: FormatterName; arg?: string } | undefined {
  if (tag.formatter) return tag.formatter;
  const name = kind === undefined ? undefined : DEFAULT_FORMATTER[kind];
  return name === undefined ? undefined : { name };
}

/**
 * Formats a date-like value, or returns undefined when the value cannot be read as one or lacks
 * what the formatter shows (a bare "2026-03-10" has no time of day).
 */
export function applyFormatter(
  value: unknown,
  formatter: { name: FormatterName; arg?: string | undefined },
  context: FormatContext,
): string | undefined {
  const instant = toTemplateInstant(value);
  if (instant === undefined) return undefined;
  const needsDate = formatter.name !== "time";
  const needsTime = formatter.name === "time" || formatter.name === "datetime";
  if ((needsDate && !instant.hasDate) || (needsTime && !instant.hasTime)) return undefined;
  const styles: Record<string, string> = LOCALES[context.locale].patterns[formatter.name];
  const pattern = styles[formatter.arg ?? "short"];
  return pattern === undefined ? undefined : formatInstant(instant, pattern, context);
}
