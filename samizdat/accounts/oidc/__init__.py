"""django-allauth's generic OpenID Connect provider, with the checks it leaves out.

allauth sends `state` and (when enabled) PKCE, but no `nonce`, and it skips verifying the ID
token's signature when the token came straight from the token endpoint. Here every sign-in
sends a fresh nonce kept in the server-side state, and the callback refuses an ID token that is
missing, badly signed, for another audience or issuer, or carrying another nonce. The class is
swapped in with SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]; its URL names are
allauth's own, so nothing else changes.
"""
