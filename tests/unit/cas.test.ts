import { describe, expect, it } from 'vitest';
import { CasError, parseLogoutRequest, parseServiceResponse } from '../../lib/server/auth/cas';
import { parseEnv } from '../../lib/server/env';

describe('CAS responses', () => {
  it('keeps identifiers as strings and multi-valued attributes as lists', () => {
    const v = parseServiceResponse(`<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess>
      <cas:user>007</cas:user><cas:attributes><cas:xh>0012345</cas:xh><cas:role>student</cas:role><cas:role>member</cas:role>
      <cas:cn>张&amp;三</cas:cn></cas:attributes></cas:authenticationSuccess></cas:serviceResponse>`);
    expect(v).toEqual({ user: '007', attributes: { xh: ['0012345'], role: ['student', 'member'], cn: ['张&三'] } });
  });
  it('reports the failure code', () => {
    expect(() =>
      parseServiceResponse(
        `<cas:serviceResponse xmlns:cas="x"><cas:authenticationFailure code="INVALID_SERVICE">no</cas:authenticationFailure></cas:serviceResponse>`,
      ),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SERVICE' }));
    expect(() => parseServiceResponse('<html>not cas</html>')).toThrow(CasError);
  });
  it('reads the SessionIndex of a logoutRequest and nothing else', () => {
    const xml = `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="x" Version="2.0" IssueInstant="2026-12-02T00:00:00Z">
      <saml:NameID xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">u</saml:NameID><samlp:SessionIndex>ST-abc123</samlp:SessionIndex></samlp:LogoutRequest>`;
    expect(parseLogoutRequest(xml)).toBe('ST-abc123');
    expect(parseLogoutRequest(xml.replace('ST-abc123', "ST-'; drop"))).toBeNull();
    expect(parseLogoutRequest('not xml <<<')).toBeNull();
  });
});

describe('CAS configuration', () => {
  const base = { DATA_DIR: process.env.DATA_DIR };
  it('takes attribute names only from the environment, with documented defaults', () => {
    const d = parseEnv({ ...base, AUTH_CAS_URL: 'https://cas.example.edu.cn/cas/' });
    expect(d.cas).toEqual({
      url: 'https://cas.example.edu.cn/cas',
      name: '统一身份认证',
      version: '3.0',
      attrs: { studentNumber: 'uid', name: 'cn', affiliation: 'eduPersonAffiliation', email: 'mail' },
    });
    const c = parseEnv({
      ...base,
      AUTH_CAS_URL: 'https://cas.example.edu.cn/cas',
      AUTH_CAS_ATTR_STUDENT_NUMBER: 'xh',
      AUTH_CAS_ATTR_NAME: 'xm',
      AUTH_CAS_VERSION: '2.0',
    });
    expect(c.cas?.attrs.studentNumber).toBe('xh');
    expect(c.cas?.attrs.name).toBe('xm');
    expect(c.cas?.version).toBe('2.0');
  });
  it('CAS alone replaces the development provider; both give a choice', () => {
    expect(parseEnv({ ...base, AUTH_CAS_URL: 'https://cas.example.edu.cn/cas' }).campus).toBeNull();
    expect(parseEnv({ ...base }).campus?.isDevProvider).toBe(true);
    const both = parseEnv({
      ...base,
      AUTH_CAS_URL: 'https://cas.example.edu.cn/cas',
      AUTH_CAMPUS_ISSUER: 'https://idp.example.edu.cn',
      AUTH_CAMPUS_ID: 'a',
      AUTH_CAMPUS_SECRET: 'b',
    });
    expect(both.campus?.issuer).toBe('https://idp.example.edu.cn');
    expect(both.cas?.url).toBe('https://cas.example.edu.cn/cas');
  });
  it('needs a provider with an external database', () => {
    expect(() => parseEnv({ DATABASE_URL: 'postgres://x@127.0.0.1/db' })).toThrow(/AUTH_CAMPUS_ISSUER: required.*or AUTH_CAS_URL/);
  });
});
