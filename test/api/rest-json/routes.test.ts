/**
 * rest-json routing from a model: method and path templates (plain, labelled, greedy), and input
 * members gathered from the body, the path, the query string (lists repeat) and headers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRoutes, inputOf, matchRoute, type RestJsonModel } from '../../../src/api/rest-json/routes.ts';
import { CODESTAR_NOTIFICATIONS_MODEL } from '../../../src/api/codestar-notifications/service.ts';

const MODEL: RestJsonModel = {
  metadata: {},
  operations: {
    Get: { name: 'Get', http: { method: 'GET', requestUri: '/things/{Name}' } },
    Put: { name: 'Put', http: { method: 'PUT', requestUri: '/things/{Name}?versioned' }, input: { shape: 'PutInput' } },
    Read: { name: 'Read', http: { method: 'GET', requestUri: '/files/{Path+}' } },
  },
  shapes: {
    PutInput: { type: 'structure', members: {
      Name: { shape: 'S', location: 'uri', locationName: 'Name' }, Keys: { shape: 'L', location: 'querystring', locationName: 'key' },
      Mode: { shape: 'S', location: 'querystring', locationName: 'mode' }, Etag: { shape: 'S', location: 'header', locationName: 'If-Match' },
      Body: { shape: 'S' },
    } },
    S: { type: 'string' },
    L: { type: 'list', members: {} },
  },
};

describe('rest-json routes', () => {
  const routes = compileRoutes(MODEL);

  it('matches method and path, decoding labels; a greedy label spans slashes', () => {
    assert.deepEqual(matchRoute(routes, 'GET', '/things/a%2Fb'), { operation: 'Get', labels: { Name: 'a/b' } });
    assert.deepEqual(matchRoute(routes, 'PUT', '/things/x'), { operation: 'Put', labels: { Name: 'x' } });
    assert.deepEqual(matchRoute(routes, 'GET', '/files/a/b/c.txt'), { operation: 'Read', labels: { Path: 'a/b/c.txt' } });
    assert.equal(matchRoute(routes, 'GET', '/things/a/b'), undefined);
    assert.equal(matchRoute(routes, 'DELETE', '/things/x'), undefined);
  });

  it('takes members from the path, the query string and headers over the body', () => {
    const url = new URL('http://h/things/x?key=a&key=b&mode=fast');
    const input = inputOf(MODEL, 'Put', { Body: 'text', Name: 'from-body' }, { Name: 'x' }, url, new Headers({ 'if-match': '"1"' }));
    assert.deepEqual(input, { Body: 'text', Name: 'x', Keys: ['a', 'b'], Mode: 'fast', Etag: '"1"' });
  });

  it('routes every CodeStar Notifications operation, UntagResource with its ARN in the path', () => {
    const notifications = compileRoutes(CODESTAR_NOTIFICATIONS_MODEL);
    assert.equal(notifications.length, 13);
    const arn = 'arn:aws:codestar-notifications:us-east-1:000000000000:notificationrule/abc';
    assert.deepEqual(matchRoute(notifications, 'POST', `/untagResource/${encodeURIComponent(arn)}`), { operation: 'UntagResource', labels: { resourceArn: arn } });
    assert.equal(matchRoute(notifications, 'POST', '/createNotificationRule')?.operation, 'CreateNotificationRule');
  });
});
