import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyAddress, inCidr } from "../../src/hooks/address-class.js";
import { checkTarget, type Resolver, type TargetPolicy } from "../../src/hooks/ssrf-guard.js";

const STRICT: TargetPolicy = { allowPrivate: false, allowNetworks: [] };
const noDns: Resolver = async (host) => {
  throw new Error(`unexpected DNS lookup of ${host}`);
};

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"], ["127.255.0.9", "loopback"], ["0.0.0.0", "unspecified"],
    ["10.0.0.1", "private"], ["172.16.5.4", "private"], ["172.31.255.255", "private"], ["192.168.1.1", "private"],
    ["100.64.0.1", "cgnat"], ["100.100.100.200", "cgnat"], ["169.254.169.254", "metadata"], ["169.254.170.2", "metadata"],
    ["169.254.1.1", "link-local"], ["224.0.0.1", "multicast"], ["255.255.255.255", "reserved"], ["198.18.0.1", "reserved"],
    ["8.8.8.8", "public"], ["172.32.0.1", "public"], ["100.128.0.1", "public"], ["11.0.0.1", "public"],
    ["::1", "loopback"], ["::", "unspecified"], ["fe80::1", "link-local"], ["fe80::1%eth0", "link-local"], ["fc00::1", "private"], ["fd12:3456::1", "private"],
    ["fd00:ec2::254", "metadata"], ["ff02::1", "multicast"], ["2001:db8::1", "reserved"],
    ["::ffff:127.0.0.1", "loopback"], ["::ffff:7f00:1", "loopback"], ["::ffff:10.0.0.1", "private"], ["::ffff:169.254.169.254", "metadata"],
    ["::127.0.0.1", "loopback"], ["64:ff9b::a00:1", "private"], ["2002:7f00:1::", "loopback"], ["2001:4860:4860::8888", "public"],
    ["not-an-ip", "reserved"],
  ])("%s is %s", (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });

  it("judges an IPv4-mapped IPv6 address exactly like the IPv4 address", () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        expect(classifyAddress(`::ffff:${v4}`)).toBe(classifyAddress(v4));
      }),
    );
  });

  it.each([
    ["10.1.2.3", "10.0.0.0/8", true], ["11.0.0.1", "10.0.0.0/8", false], ["::ffff:127.0.0.1", "127.0.0.1/32", true],
    ["fd12::5", "fd12::/16", true], ["fd13::5", "fd12::/16", false], ["10.0.0.1", "fd12::/16", false],
  ])("inCidr(%s, %s) is %s", (address, cidr, expected) => {
    expect(inCidr(address, cidr)).toBe(expected);
  });
});

describe("checkTarget", () => {
  it.each([
    ["http://127.0.0.1:8080/hook", "loopback"],
    ["http://10.0.0.1/hook", "private"],
    ["http://169.254.169.254/latest/meta-data/", "metadata"],
    ["http://[::1]/hook", "loopback"],
    ["http://[::ffff:127.0.0.1]/hook", "loopback"],
    ["http://[fd00:ec2::254]/", "metadata"],
    ["http://2130706433/", "loopback"], // decimal 127.0.0.1, normalized by the URL parser
    ["http://0x7f.1/", "loopback"],
    ["http://100.64.1.1/", "cgnat"],
  ])("refuses %s (%s) without a DNS lookup", async (url, cls) => {
    const result = await checkTarget(url, STRICT, noDns);
    expect(result).toMatchObject({ ok: false, reason: "denied-address" });
    if (!result.ok) expect(result.message).toContain(cls);
  });

  it("refuses a host name that resolves to loopback (real DNS: localhost)", async () => {
    expect(await checkTarget("http://localhost:9/hook", STRICT)).toMatchObject({ ok: false, reason: "denied-address" });
  });

  it("refuses a host when any one of its addresses is private", async () => {
    const resolve: Resolver = async () => [{ address: "93.184.216.34", family: 4 }, { address: "10.0.0.7", family: 4 }];
    expect(await checkTarget("https://mixed.example.test/hook", STRICT, resolve)).toMatchObject({ ok: false, reason: "denied-address" });
  });

  it("accepts a public host and pins its first checked address", async () => {
    const resolve: Resolver = async () => [{ address: "93.184.216.34", family: 4 }];
    expect(await checkTarget("https://hooks.example.test/x", STRICT, resolve)).toMatchObject({ ok: true, address: { address: "93.184.216.34", family: 4 } });
  });

  it.each([
    ["ftp://example.test/x", "scheme"],
    ["file:///etc/passwd", "scheme"],
    ["https://user:pw@example.test/x", "credentials"],
    ["not a url", "bad-url"],
  ])("refuses %s (%s)", async (url, reason) => {
    expect(await checkTarget(url, STRICT, noDns)).toMatchObject({ ok: false, reason });
  });

  it("refuses a host that does not resolve", async () => {
    const resolve: Resolver = async () => [];
    expect(await checkTarget("https://nowhere.example.test/", STRICT, resolve)).toMatchObject({ ok: false, reason: "unresolvable" });
  });

  it("allowPrivateTargets lets loopback and private through, but never cloud metadata", async () => {
    const loose: TargetPolicy = { allowPrivate: true, allowNetworks: [] };
    expect(await checkTarget("http://127.0.0.1:1/h", loose, noDns)).toMatchObject({ ok: true });
    expect(await checkTarget("http://10.0.0.1/h", loose, noDns)).toMatchObject({ ok: true });
    expect(await checkTarget("http://169.254.169.254/", loose, noDns)).toMatchObject({ ok: false, reason: "denied-address" });
    expect(await checkTarget("http://[fd00:ec2::254]/", loose, noDns)).toMatchObject({ ok: false, reason: "denied-address" });
  });

  it("allowTargetNetworks allows exactly the listed network", async () => {
    const policy: TargetPolicy = { allowPrivate: false, allowNetworks: ["127.0.0.1/32"] };
    expect(await checkTarget("http://127.0.0.1:1/h", policy, noDns)).toMatchObject({ ok: true });
    expect(await checkTarget("http://127.0.0.2:1/h", policy, noDns)).toMatchObject({ ok: false });
    expect(await checkTarget("http://10.0.0.1/h", policy, noDns)).toMatchObject({ ok: false });
  });
});
