/**
 * What kind of network an IP address belongs to, for the SSRF guard. IPv6 forms that carry an
 * IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that IPv4 address, so
 * `::ffff:127.0.0.1` is loopback however it is written.
 */
import { isIP } from "node:net";

export type AddressClass = "public" | "loopback" | "unspecified" | "private" | "link-local" | "cgnat" | "metadata" | "multicast" | "reserved";

type Range = [base: number[], prefix: number, cls: AddressClass];

const V4: Range[] = [
  [[169, 254, 169, 254], 32, "metadata"], // AWS, GCP, Azure, OpenStack
  [[169, 254, 170, 2], 32, "metadata"], // AWS ECS task metadata
  [[0, 0, 0, 0], 8, "unspecified"],
  [[10, 0, 0, 0], 8, "private"],
  [[100, 64, 0, 0], 10, "cgnat"],
  [[127, 0, 0, 0], 8, "loopback"],
  [[169, 254, 0, 0], 16, "link-local"],
  [[172, 16, 0, 0], 12, "private"],
  [[192, 0, 0, 0], 24, "reserved"],
  [[192, 0, 2, 0], 24, "reserved"],
  [[192, 88, 99, 0], 24, "reserved"],
  [[192, 168, 0, 0], 16, "private"],
  [[198, 18, 0, 0], 15, "reserved"],
  [[198, 51, 100, 0], 24, "reserved"],
  [[203, 0, 113, 0], 24, "reserved"],
  [[224, 0, 0, 0], 4, "multicast"],
  [[240, 0, 0, 0], 4, "reserved"],
];

const V6: Range[] = [
  [[0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54], 128, "metadata"], // fd00:ec2::254 (AWS IMDS over IPv6)
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 128, "unspecified"],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, "loopback"],
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, "reserved"], // discard-only
  [[0x20, 0x01, 0x0d, 0xb8], 32, "reserved"], // documentation
  [[0x20, 0x01, 0x00, 0x00], 32, "reserved"], // Teredo hides an IPv4 address
  [[0xfc], 7, "private"], // unique local
  [[0xfe, 0x80], 10, "link-local"],
  [[0xfe, 0xc0], 10, "private"], // deprecated site-local
  [[0xff], 8, "multicast"],
];

function inPrefix(bytes: readonly number[], base: readonly number[], prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit++) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((bytes[i] ?? 0) & mask) !== ((base[i] ?? 0) & mask)) return false;
  }
  return true;
}

function v4Bytes(address: string): number[] {
  return address.split(".").map(Number);
}

/** 16 bytes of an IPv6 address (zone id dropped, embedded dotted quad understood). */
export function v6Bytes(address: string): number[] {
  let text = address.split("%")[0] ?? "";
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    tail.push(...v4Bytes(dotted[1]));
    text = text.slice(0, -dotted[1].length) + "0:0";
  }
  const [head = "", rest] = text.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const words = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = words.flatMap((w) => [(w >> 8) & 0xff, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The IPv4 address an IPv6 one stands for, if it is one of the forms that carry one. */
function embeddedV4(b: readonly number[]): number[] | null {
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12, 16); // ::ffff:a.b.c.d
  if (zeros(0, 12) && !(zeros(12, 15) && (b[15] ?? 0) <= 1)) return b.slice(12, 16); // ::a.b.c.d (deprecated)
  if (inPrefix(b, [0x00, 0x64, 0xff, 0x9b], 32) && zeros(4, 12)) return b.slice(12, 16); // 64:ff9b::/96 NAT64
  if (inPrefix(b, [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48)) return b.slice(12, 16); // 64:ff9b:1::/48 local NAT64
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6); // 2002::/16 6to4
  return null;
}

function classify(bytes: readonly number[], ranges: readonly Range[]): AddressClass {
  for (const [base, prefix, cls] of ranges) if (inPrefix(bytes, base, prefix)) return cls;
  return "public";
}

/** Normalizes an address to the bytes it will reach: IPv4 (4 bytes) or IPv6 (16 bytes). */
export function addressBytes(address: string): number[] | null {
  const bare = address.replace(/^\[|\]$/g, "");
  const version = isIP(bare.split("%")[0] ?? "");
  if (version === 4) return v4Bytes(bare);
  if (version !== 6) return null;
  const bytes = v6Bytes(bare);
  return embeddedV4(bytes) ?? bytes;
}

/** The class of an IP address; anything that does not parse as one is "reserved" (refused). */
export function classifyAddress(address: string): AddressClass {
  const bytes = addressBytes(address);
  if (!bytes) return "reserved";
  return bytes.length === 4 ? classify(bytes, V4) : classify(bytes, V6);
}

/** True when the address lies in the CIDR (IPv4-mapped addresses match IPv4 CIDRs). */
export function inCidr(address: string, cidr: string): boolean {
  const [net = "", bits] = cidr.split("/");
  const a = addressBytes(address);
  const n = addressBytes(net);
  const prefix = Number(bits);
  if (!a || !n || a.length !== n.length || !Number.isInteger(prefix)) return false;
  return inPrefix(a, n, prefix);
}
