// A real OpenID Connect provider for samizdat's identity tests: panva/node-oidc-provider (the
// OpenID-certified implementation) with one confidential client, a few people who can sign in,
// a sign-in form of our own, automatic consent, and PKCE required.
//
//   node provider.mjs            reads PORT and REDIRECT_URIS (a JSON list) from the environment,
//                                listens on 127.0.0.1:PORT and prints "READY <issuer>" when up.
//
// People (login / password):
//   ada / lovelace     Ada Lovelace, ada@idp.example (verified), with a picture
//   taken / taken      an email address a test gives to a local account first
//   broken / broken    signing in ends with the provider answering error=temporarily_unavailable
// "Cancel" on the sign-in page answers error=access_denied, as a reader cancelling does.
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT || 0);
const redirectUris = JSON.parse(process.env.REDIRECT_URIS || '[]');
const issuer = `http://127.0.0.1:${port}`;

const PICTURE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAX0lEQVR4nJXLsRGAMAwDQMXTMJbHoEqRSTwOM1FRcMfljGMraiQV3+4L'
  + 'XQ10pKsN0w0AYMvIW7yRb5FG5sMYcb80HpQmALmJQWKWYGUyEJoC/E0NnKHAbNp5GGkADNMH7n0wIXkMoVwAAAAASUVORK5CYII=',
  'base64',
);

const PEOPLE = {
  ada: {
    password: 'lovelace',
    claims: {
      sub: 'person-ada',
      name: 'Ada Lovelace',
      preferred_username: 'ada',
      email: 'ada@idp.example',
      email_verified: true,
      picture: `${issuer}/pictures/ada.png`,
    },
  },
  taken: {
    password: 'taken',
    claims: {
      sub: 'person-taken',
      name: 'Tamsin Taken',
      preferred_username: 'tamsin',
      email: 'taken@example.org',
      email_verified: true,
    },
  },
  broken: { password: 'broken', claims: { sub: 'person-broken', name: 'Broken' } },
};
const BY_SUB = Object.fromEntries(Object.values(PEOPLE).map((p) => [p.claims.sub, p]));

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'samizdat-test',
    client_secret: 'samizdat-test-secret-which-is-long-enough',
    redirect_uris: redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username', 'picture'],
  },
  cookies: { keys: ['only-for-tests-not-a-secret'] },
  async findAccount(ctx, sub) {
    const person = BY_SUB[sub];
    if (!person) return undefined;
    return { accountId: sub, async claims() { return person.claims; } };
  },
  // Consent is automatic for the one client: a grant for whatever it asked.
  async loadExistingGrant(ctx) {
    const { client, session, params } = ctx.oidc;
    const grantId = session.grantIdFor(client.clientId);
    if (grantId) return provider.Grant.find(grantId);
    const grant = new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
    grant.addOIDCScope(String(params.scope || 'openid'));
    await grant.save();
    session.grantIdFor(client.clientId, grant.jti);
    return grant;
  },
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><h1>Test identity provider</h1>${body}</body></html>`);
}

function signInForm(uid, clientId, error = '') {
  return `<p>Sign in to continue to <strong>${escape(clientId)}</strong>.</p>
${error ? `<p role="alert" class="error">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
  <label>Login <input name="login" autocomplete="username" autofocus></label>
  <label>Password <input name="password" type="password" autocomplete="current-password"></label>
  <button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${escape(uid)}/abort"><button type="submit">Cancel</button></form>`;
}

async function formBody(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return Object.fromEntries(new URLSearchParams(raw));
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'End-User aborted interaction',
    }, { mergeWithLastSubmission: false });
  }
  if (details.prompt.name !== 'login') {
    // Consent is granted by loadExistingGrant; anything else is not part of these tests.
    return page(res, 501, '<p>Not implemented.</p>');
  }
  if (action !== 'login') return page(res, 200, signInForm(uid, details.params.client_id));
  const { login = '', password = '' } = await formBody(req);
  const person = PEOPLE[login];
  if (!person || person.password !== password) {
    return page(res, 200, signInForm(uid, details.params.client_id, 'Wrong login or password.'));
  }
  if (login === 'broken') {
    return provider.interactionFinished(req, res, {
      error: 'temporarily_unavailable', error_description: 'The provider is having a bad day',
    }, { mergeWithLastSubmission: false });
  }
  return provider.interactionFinished(req, res, { login: { accountId: person.claims.sub } }, {
    mergeWithLastSubmission: false,
  });
}

const oidc = provider.callback();
const server = createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  const picture = url.pathname.match(/^\/pictures\/[a-z]+\.png$/);
  const step = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(login|abort))?$/);
  try {
    if (picture) {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      return res.end(PICTURE);
    }
    if (step) return await interaction(req, res, step[1], step[2]);
    return oidc(req, res);
  } catch (error) {
    return page(res, 400, `<p role="alert">${escape(error.message)}</p>`);
  }
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`READY ${issuer}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
