from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from samizdat.accounts.wordpress.provider import WordPressProvider

urlpatterns = default_urlpatterns(WordPressProvider)
