import { describe, expect, it } from 'vitest';
import { addressClass, checkWebhookUrl, guardedLookup, type Resolve } from './webhook-target.ts';

const resolver =
  (table: Record<string, string[]>): Resolve =>
  async (host) => {
    const found = table[host];
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('webhook targets', () => {
  it('classifies every spelling of loopback, private, link-local, unique-local and metadata addresses', () => {
    const cases: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '127.1': 'loopback',
      '0x7f000001': 'loopback',
      '2130706433': 'loopback',
      '017700000001': 'loopback',
      '0177.0.0.1': 'loopback',
      '::1': 'loopback',
      '[::1]': 'loopback',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:7f00:1': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '192.168.1.1': 'private',
      '::ffff:192.168.1.1': 'private',
      '169.254.169.254': 'linkLocal',
      'fe80::1': 'linkLocal',
      'fe80::1%eth0': 'linkLocal',
      'fd00::1': 'uniqueLocal',
      'fd00:ec2::254': 'uniqueLocal',
      '100.100.100.200': 'carrierGradeNat',
      '0.0.0.0': 'unspecified',
      '::': 'unspecified',
      '224.0.0.1': 'multicast',
      // IPv4 carried in IPv6 (NAT64, 6to4): the address inside decides.
      '64:ff9b::a9fe:a9fe': 'linkLocal',
      '64:ff9b::5db8:d70e': 'public',
      '2002:7f00:1::': 'loopback',
      '93.184.215.14': 'public',
      '2606:4700::1111': 'public',
      'not-an-ip': 'invalid',
    };
    const got = Object.fromEntries(Object.keys(cases).map((a) => [a, addressClass(a)]));
    expect(got).toEqual(cases);
  });

  it('a URL must be https, without credentials, to a host that is and resolves to public addresses only', async () => {
    const policy = {
      allowPrivate: false,
      resolve: resolver({
        'shop.example': ['93.184.215.14'],
        localhost: ['127.0.0.1', '::1'],
        'internal.example': ['10.0.0.5'],
        'mixed.example': ['93.184.215.14', '169.254.169.254'],
        'metadata.google.internal': ['169.254.169.254'],
      }),
    };
    const ok = ['https://shop.example/hooks', 'https://93.184.215.14/h', 'https://unknown.example/h'];
    for (const url of ok) expect(await checkWebhookUrl(url, policy), url).toEqual({ ok: true });
    const refused: Record<string, string> = {
      'https://127.0.0.1/h': 'address_not_allowed',
      'https://0x7f000001/h': 'address_not_allowed',
      'https://2130706433/h': 'address_not_allowed',
      'https://017700000001/h': 'address_not_allowed',
      'https://[::1]/h': 'address_not_allowed',
      'https://[::ffff:127.0.0.1]/h': 'address_not_allowed',
      'https://[::ffff:7f00:1]/h': 'address_not_allowed',
      'https://[fd00:ec2::254]/latest/meta-data': 'address_not_allowed',
      'https://169.254.169.254/latest/meta-data': 'address_not_allowed',
      'https://localhost/h': 'address_not_allowed',
      'https://internal.example/h': 'address_not_allowed',
      'https://mixed.example/h': 'address_not_allowed',
      'https://metadata.google.internal/h': 'address_not_allowed',
      'http://shop.example/h': 'invalid_url',
      'https://user:pw@shop.example/h': 'invalid_url',
      'ftp://shop.example/h': 'invalid_url',
      'not a url': 'invalid_url',
    };
    for (const [url, code] of Object.entries(refused)) {
      const result = await checkWebhookUrl(url, policy);
      expect(result.ok, url).toBe(false);
      expect(result.ok ? undefined : result.code, url).toBe(code);
    }
  });

  it('WEBHOOK_ALLOW_PRIVATE accepts loopback and plain http, and does not resolve', async () => {
    const resolve = async () => {
      throw new Error('must not resolve');
    };
    for (const url of ['http://127.0.0.1:9/h', 'https://localhost/h', 'http://10.0.0.5/h']) {
      expect(await checkWebhookUrl(url, { allowPrivate: true, resolve }), url).toEqual({ ok: true });
    }
  });

  it('the connection lookup hands the socket only checked addresses', async () => {
    const lookup = guardedLookup({
      allowPrivate: false,
      resolve: resolver({ 'mixed.example': ['10.0.0.1', '93.184.215.14'], 'inside.example': ['127.0.0.1'] }),
    });
    const call = (host: string, all: boolean) =>
      new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
        lookup(host, { all }, (err, address) => resolve({ err, address })),
      );
    expect(await call('mixed.example', true)).toEqual({
      err: null,
      address: [{ address: '93.184.215.14', family: 4 }],
    });
    expect((await call('mixed.example', false)).address).toBe('93.184.215.14');
    const refused = await call('inside.example', true);
    expect(refused.err?.code).toBe('ERR_ADDRESS_NOT_ALLOWED');
    expect((await call('nowhere.example', false)).err?.code).toBe('ENOTFOUND');
  });
});
