import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressGroup, forwardedClient } from './client-ip';

describe('client address for rate limits', () => {
  it('takes the entry the trusted proxies saw, never the client-controlled first hop', () => {
    assert.equal(forwardedClient('6.6.6.6, 198.18.0.7', '10.0.0.1', 1), '198.18.0.7');
    assert.equal(forwardedClient('1.1.1.1, 6.6.6.6, 198.18.0.7', '10.0.0.1', 1), '198.18.0.7', 'spoofed hops');
    assert.equal(forwardedClient('6.6.6.6, 198.18.0.7, 10.0.0.2', '10.0.0.1', 2), '198.18.0.7', 'two proxies');
    assert.equal(forwardedClient('198.18.0.7', '10.0.0.1', 2), '198.18.0.7', 'fewer entries than hops: left-most');
    assert.equal(forwardedClient('6.6.6.6, 198.18.0.7', '10.0.0.1', 0), '10.0.0.1', 'no proxy trusted: the socket');
    assert.equal(forwardedClient(undefined, '10.0.0.1', 1), '10.0.0.1');
  });

  it('groups IPv6 by /64, IPv4 (and IPv4-mapped IPv6) per address', () => {
    assert.equal(addressGroup('2001:db8:1:2:aaaa::1'), addressGroup('2001:db8:1:2:ffff:1:2:3'));
    assert.equal(addressGroup('2001:db8:1:2::1'), '2001:db8:1:2::/64');
    assert.notEqual(addressGroup('2001:db8:1:2::1'), addressGroup('2001:db8:1:3::1'), 'the next /64 is another client');
    assert.equal(addressGroup('::ffff:198.18.0.7'), '198.18.0.7');
    assert.equal(addressGroup('198.18.0.7:4711'), '198.18.0.7');
    assert.notEqual(addressGroup('198.18.0.7'), addressGroup('198.18.0.8'));
    assert.equal(addressGroup('[2001:db8::1]:443'), '2001:db8:0:0::/64');
    assert.equal(addressGroup('not an address'), 'not an address');
  });
});
