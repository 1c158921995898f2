"""Sign in with WordPress.com (OAuth 2): django-allauth ships no provider for it, so this is one,
built on allauth's OAuth 2 classes like its own providers are."""
