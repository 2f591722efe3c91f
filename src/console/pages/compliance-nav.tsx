/** @jsxRuntime automatic @jsxImportSource hono/jsx */

/** The compliance center's three parts, one page each. */
const PARTS = [
  { href: "/compliance", label: "BAA boundary" },
  { href: "/compliance/consents", label: "Consents and opt-outs" },
  { href: "/compliance/audit", label: "Audit log" },
] as const;

export function ComplianceNav(props: { current: (typeof PARTS)[number]["href"] }) {
  return (
    <nav class="actions" aria-label="Compliance center">
      {PARTS.map((p) => (
        <a href={p.href} aria-current={p.href === props.current ? "page" : undefined}>
          {p.label}
        </a>
      ))}
    </nav>
  );
}
