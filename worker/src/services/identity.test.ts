import { describe, expect, it } from 'vitest';
import { decideEscalation } from './escalation-policy';
import { signIdentityToken, verifiedCustomer, verifyIdentityToken } from './identity';

const secret = 'test-identity-secret-0123456789abcdef';
const now = Date.UTC(2026, 0, 1, 12);
const inOneHour = Math.floor(now / 1000) + 3600;
const encode = (value: unknown) => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('verifyIdentityToken', () => {
  it('accepts a well-signed token and maps its claims', async () => {
    const token = await signIdentityToken({ sub: 'user_42', name: 'Ada', email: 'ada@example.com', plan: 'enterprise', valueTier: 'high', product: 'cloud', internal: true, exp: inOneHour }, secret);
    expect(await verifyIdentityToken(token, secret, { now })).toEqual({
      verified: true,
      customer: { verified: true, id: 'user_42', name: 'Ada', email: 'ada@example.com', plan: 'enterprise', valueTier: 'high', product: 'cloud', internal: true },
    });
  });

  it('accepts `id` when `sub` is absent and treats a non-boolean internal as false', async () => {
    const token = await signIdentityToken({ id: 'u1', exp: inOneHour, internal: 'yes' as unknown as boolean }, secret);
    const result = await verifyIdentityToken(token, secret, { now });
    expect(result.verified && result.customer).toMatchObject({ id: 'u1', internal: false });
  });

  it('rejects a token signed with another secret (forged)', async () => {
    const token = await signIdentityToken({ sub: 'user_42', exp: inOneHour }, 'attacker-secret');
    expect(await verifyIdentityToken(token, secret, { now })).toEqual({ verified: false, reason: 'bad-signature' });
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = (await signIdentityToken({ sub: 'user_42', plan: 'team', exp: inOneHour }, secret)).split('.');
    const tampered = `${header}.${encode({ sub: 'user_42', plan: 'enterprise', exp: inOneHour })}.${signature}`;
    expect(await verifyIdentityToken(tampered, secret, { now })).toEqual({ verified: false, reason: 'bad-signature' });
  });

  it('rejects alg none, even with an empty signature', async () => {
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'x', exp: inOneHour })}.`;
    expect(await verifyIdentityToken(unsigned, secret, { now })).toEqual({ verified: false, reason: 'unsupported-alg' });
  });

  it('rejects other algorithms', async () => {
    const [, payload, signature] = (await signIdentityToken({ sub: 'x', exp: inOneHour }, secret)).split('.');
    const token = `${encode({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`;
    expect(await verifyIdentityToken(token, secret, { now })).toEqual({ verified: false, reason: 'unsupported-alg' });
  });

  it('rejects an expired token, and one without exp', async () => {
    const expired = await signIdentityToken({ sub: 'x', exp: Math.floor(now / 1000) - 120 }, secret);
    expect(await verifyIdentityToken(expired, secret, { now })).toEqual({ verified: false, reason: 'expired' });
    const noExp = await signIdentityToken({ sub: 'x' } as never, secret);
    expect(await verifyIdentityToken(noExp, secret, { now })).toEqual({ verified: false, reason: 'missing-exp' });
  });

  it('tolerates small clock skew but not a future nbf', async () => {
    const justExpired = await signIdentityToken({ sub: 'x', exp: Math.floor(now / 1000) - 10 }, secret);
    expect((await verifyIdentityToken(justExpired, secret, { now })).verified).toBe(true);
    const future = await signIdentityToken({ sub: 'x', exp: inOneHour, nbf: Math.floor(now / 1000) + 600 }, secret);
    expect(await verifyIdentityToken(future, secret, { now })).toEqual({ verified: false, reason: 'not-yet-valid' });
  });

  it.each(['', 'abc', 'a.b', 'a.b.c.d', '!!!.###.$$$', `${encode({ alg: 'HS256' })}.%%%.abc`, `${encode('string')}.e30.abc`])(
    'rejects malformed input %j without throwing',
    async (token) => {
      const result = await verifyIdentityToken(token, secret, { now });
      expect(result.verified).toBe(false);
    },
  );

  it('rejects a token without a subject and refuses to run without a secret', async () => {
    const anonymous = await signIdentityToken({ exp: inOneHour, plan: 'enterprise' }, secret);
    expect(await verifyIdentityToken(anonymous, secret, { now })).toEqual({ verified: false, reason: 'missing-subject' });
    expect(await verifyIdentityToken(anonymous, '', { now })).toEqual({ verified: false, reason: 'missing-secret' });
  });

  it('gives an unsigned high-value claim no weight in the policy', async () => {
    const claim = `${encode({ alg: 'none' })}.${encode({ sub: 'x', plan: 'enterprise', valueTier: 'enterprise', exp: inOneHour })}.`;
    const identity = await verifyIdentityToken(claim, secret, { now });
    const customer = identity.verified ? identity.customer : undefined;
    const decision = decideEscalation({ message: 'How do I cancel my subscription?', history: [], customer, now });
    expect(decision.action).toBe('answer');
    expect(decision.signals.find((signal) => signal.code === 'high-value')?.fired).toBe(false);
  });
});

describe('verifiedCustomer', () => {
  const settings = { identitySecret: secret, identityMaxAgeSeconds: 86400, identityAudience: '', publicUrl: 'https://support.example.com' };
  const soon = () => Math.floor(Date.now() / 1000) + 600;

  it('is the signed customer for a valid token, and logs nothing', async () => {
    const lines: string[] = [];
    const token = await signIdentityToken({ sub: 'user_42', plan: 'team', exp: soon(), aud: 'https://support.example.com' }, secret);
    expect(await verifiedCustomer(token, settings, (line) => lines.push(line))).toMatchObject({ verified: true, id: 'user_42', plan: 'team' });
    expect(lines).toEqual([]);
  });

  it('is anonymous for a refused token, and logs why', async () => {
    const lines: string[] = [];
    const forged = await signIdentityToken({ sub: 'user_42', exp: soon() }, 'attacker-secret');
    expect(await verifiedCustomer(forged, settings, (line) => lines.push(line))).toBeUndefined();
    const elsewhere = await signIdentityToken({ sub: 'user_42', exp: soon(), aud: 'https://other.example.com' }, secret);
    expect(await verifiedCustomer(elsewhere, settings, (line) => lines.push(line))).toBeUndefined();
    expect(lines).toEqual(['identity token rejected: bad-signature', 'identity token rejected: wrong-audience']);
  });

  it('is anonymous without a token or without IDENTITY_SECRET, with nothing to log', async () => {
    const lines: string[] = [];
    const token = await signIdentityToken({ sub: 'user_42', exp: soon() }, secret);
    expect(await verifiedCustomer(undefined, settings, (line) => lines.push(line))).toBeUndefined();
    expect(await verifiedCustomer(token, { ...settings, identitySecret: '' }, (line) => lines.push(line))).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it('prefers IDENTITY_AUDIENCE to PUBLIC_URL as the audience', async () => {
    const token = await signIdentityToken({ sub: 'user_42', exp: soon(), aud: 'switchboard-prod' }, secret);
    expect(await verifiedCustomer(token, { ...settings, identityAudience: 'switchboard-prod' }, () => {})).toMatchObject({ id: 'user_42' });
    expect(await verifiedCustomer(token, settings, () => {})).toBeUndefined();
  });
});
